export * from './pipeline-diagram';
