import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { IStepContext } from '../../core/step';
import { DeniedCall } from '../../iam/documented-calls';
import { ProviderStatement } from '../../providers/permissions';
import { pipelineLogCalls } from '../../providers/private/action-checks';

/** Where CodePipeline-managed compute (Commands, ECR build and publish) writes its logs. */
export interface PipelineLogTargets {
  /** The pipeline's own log group, `log-group:/aws/codepipeline/<pipeline>`. */
  readonly logGroupArn: string;
  /** The account's and region's log groups, `...:log-group` (for the denied calls). */
  readonly logGroupsArn: string;
}

/** The pipeline's log group of the step's pipeline (its name as the pipeline's template writes it). */
export function pipelineLogTargets(scope: IConstruct, context: IStepContext): PipelineLogTargets {
  const stack = Stack.of(scope);
  return {
    // The log group `pipelineLogCalls` documents CreateLogGroup on: the pipeline's name, never a
    // reference to the pipeline resource (see pipelineNameOf).
    logGroupArn: pipelineLogCalls(scope, context, '')[0].resource,
    logGroupsArn: `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group`,
  };
}

/**
 * The statements of `pipelineLogStatements` as data: each logs action on the ARN form its resource type
 * takes, `logs:CreateLogGroup` on the log group and `logs:CreateLogStream`/`logs:PutLogEvents` on its
 * log streams (a statement pairing all three with both forms leaves half of it dead).
 */
export function pipelineLogStatements<T extends { readonly logs: PipelineLogTargets }>(): ProviderStatement<T>[] {
  return [
    { actions: ['logs:CreateLogGroup'], resources: t => [t.logs.logGroupArn] },
    {
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: t => [`${t.logs.logGroupArn}:log-stream:*`],
      calls: t => [{ resource: `${t.logs.logGroupArn}:log-stream:0123456789abcdef` }],
    },
  ];
}

/** Log calls the compute must not make: another pipeline's log group, and deleting its own (`deniedPipelineLogCalls`). */
export function deniedPipelineLogCalls(logs: PipelineLogTargets): DeniedCall[] {
  return [
    { action: 'logs:PutLogEvents', resource: `${logs.logGroupsArn}:/aws/codepipeline/intruder:log-stream:0123456789abcdef`, reason: "another pipeline's logs" },
    { action: 'logs:DeleteLogGroup', resource: logs.logGroupArn, reason: 'the logs outlive the run' },
  ];
}
