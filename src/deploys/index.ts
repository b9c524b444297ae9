export * from './deploy';
export type { EcsDeployOptions } from './ecs';
export type { CloudFormationDeployOptions } from './cloudformation';
export type { S3DeployOptions } from './s3';
