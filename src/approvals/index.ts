export { Approval } from './approval';
export type { ManualApprovalOptions } from './approval';
