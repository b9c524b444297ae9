export * from './documented-calls';
