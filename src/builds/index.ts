export * from './build';
export * from './codebuild-options';
