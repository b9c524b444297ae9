export * from './source';
export type { ConnectionSourceOptions } from './connection';
export type { CodeCommitSourceOptions } from './codecommit';
export type { S3SourceOptions } from './s3';
export type { EcrSourceOptions } from './ecr';
