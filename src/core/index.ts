export * from './artifact';
export * from './codebuild-defaults';
export * from './step';
