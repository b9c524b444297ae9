export * from './condition-rule';
export * from './stage-conditions';
