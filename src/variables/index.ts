export * from './variable';
