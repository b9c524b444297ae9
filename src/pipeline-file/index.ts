export * from './options';
export { PipelineFileError } from './file-error';
export type { PipelineFileProblem } from './file-error';
export { PIPELINE_FILE_SCHEMA, PIPELINE_FILE_SCHEMA_ID } from './schema';
