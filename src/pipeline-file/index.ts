export * from './spec-options';
export { SpecError } from './spec-error';
export type { SpecProblem } from './spec-error';
export { SPEC_SCHEMA, SPEC_SCHEMA_ID } from './schema';
