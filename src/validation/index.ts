export * from './model';
export * from './validator';
