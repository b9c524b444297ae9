export * from './invoke';
export type { LambdaInvokeOptions } from './lambda';
export type { PipelineInvokeOptions } from './pipeline';
export type { StepFunctionsInvokeOptions } from './step-functions';
