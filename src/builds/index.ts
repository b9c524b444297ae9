export * from './build';
export * from './codebuild-options';
export * from './custom-action';
export type { BuildOutput, CodeBuildBuildOptions } from './codebuild';
export { CommandsComputeType, CommandsEnvironmentType } from './commands';
export type { CommandsOptions } from './commands';
export type { EcrBuildAndPublishOptions } from './ecr-build-and-publish';
export type { JenkinsOptions } from './jenkins';
export type { ContainerImageBuildOptions } from './container-image';
