export * from './action-role';
export * from './artifact';
export * from './codebuild-defaults';
export * from './step';
export { DeliveryPipelineError } from './private/errors';
