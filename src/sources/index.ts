export * from './source';
export { ConnectionSourceOptions } from './connection';
export { CodeCommitSourceOptions } from './codecommit';
export { S3SourceOptions } from './s3';
export { EcrSourceOptions } from './ecr';
