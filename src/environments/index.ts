export * from './environment';
export * from './environment-pipelines';
