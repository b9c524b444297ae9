export * from './invoke';
export { LambdaInvokeOptions } from './lambda';
export { StepFunctionsInvokeOptions } from './step-functions';
