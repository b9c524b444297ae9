export * from './deploy';
export { EcsDeployOptions } from './ecs';
export { CloudFormationDeployOptions } from './cloudformation';
export { S3DeployOptions } from './s3';
