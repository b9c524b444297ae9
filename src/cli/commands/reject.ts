import { ApprovalStatus } from '@aws-sdk/client-codepipeline';
import { ApprovalOptions, configureApprovalOptions, decideApproval } from '../private/approval';
import { CommandDefinition } from '../private/command';

export const rejectCommand: CommandDefinition<ApprovalOptions> = {
  name: 'reject',
  description: 'Reject the pending manual approval (the stage fails and the execution stops there)',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipelineState', 'codepipeline:PutApprovalResult'],
  examples: [
    'reject my-service-pipeline --summary "Latency regression in staging"',
    'reject my-service-pipeline --stage Prod --action ApproveProd --summary "Freeze"',
  ],
  configure(command) {
    configureApprovalOptions(command, 'reject');
  },
  run(ctx, { pipeline, options }) {
    return decideApproval(ctx, pipeline, options, ApprovalStatus.Rejected);
  },
};
