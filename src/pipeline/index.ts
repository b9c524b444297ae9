export * from './delivery-pipeline';
export * from './stage-options';
export * from './artifact-storage';
export type { SelfMutationOptions } from './self-mutation';
