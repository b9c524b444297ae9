export * from './trigger';
