export * from './invoke';
export type { LambdaInvokeOptions } from './lambda';
export type { StepFunctionsInvokeOptions } from './step-functions';
