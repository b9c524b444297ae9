import { ApprovalStatus } from '@aws-sdk/client-codepipeline';
import { ApprovalOptions, configureApprovalOptions, decideApproval } from '../private/approval';
import { CommandDefinition } from '../private/command';

export const approveCommand: CommandDefinition<ApprovalOptions> = {
  name: 'approve',
  description: 'Approve the pending manual approval (finds the action and its token itself)',
  takesPipeline: true,
  iamActions: ['codepipeline:GetPipelineState', 'codepipeline:PutApprovalResult'],
  examples: [
    'approve my-service-pipeline --summary "Staging checked, go"',
    'approve my-service-pipeline --stage Prod --action ApproveProd --summary "CAB-1234"',
  ],
  configure(command) {
    configureApprovalOptions(command, 'approve');
  },
  run(ctx, { pipeline, options }) {
    return decideApproval(ctx, pipeline, options, ApprovalStatus.Approved);
  },
};
