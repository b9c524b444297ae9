export * from './test';
