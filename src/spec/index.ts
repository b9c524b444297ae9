export * from './spec-options';
