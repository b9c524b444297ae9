import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { IConstruct } from 'constructs';
import type { IStepContext } from '../../core/step';
import type { DeniedCall } from '../../iam/documented-calls';
import type { ProviderIam, ProviderStatement } from '../permissions';
import { ArtifactAccess } from '../permissions';

/**
 * Where CodePipeline-managed compute (Commands, EKS, EC2, Inspector, ECR build and publish, the Commands
 * stage-condition rule) writes its logs: "CodePipeline creates a log group using the name of the
 * pipeline", `/aws/codepipeline/<pipeline>`, and only there.
 */
export interface PipelineLogTargets {
  /** The pipeline's own log group, `...:log-group:/aws/codepipeline/<pipeline>`. */
  readonly logGroupArn: string;
  /** The account's and region's log groups, `...:log-group` (for the denied calls). */
  readonly logGroupsArn: string;
}

/** The log group of the step's pipeline. */
export function pipelineLogTargets(scope: IConstruct, context: IStepContext): PipelineLogTargets {
  return pipelineLogGroupTargets(Stack.of(scope), pipelineNameOf(context.pipeline));
}

/** The log group of the pipeline of the given name. */
export function pipelineLogGroupTargets(stack: Stack, pipelineName: string): PipelineLogTargets {
  const logGroupsArn = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group`;
  return { logGroupArn: `${logGroupsArn}:/aws/codepipeline/${pipelineName}`, logGroupsArn };
}

/**
 * The log statements, as data: each logs action on the ARN form its resource type takes (service
 * authorization reference), `logs:CreateLogGroup` on the log group `log-group:<name>`,
 * `logs:CreateLogStream` and `logs:PutLogEvents` on its log streams `log-group:<name>:log-stream:*`. A
 * statement pairing all three with both forms leaves half of it dead.
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

/** Log calls the compute must not make: another pipeline's log group, and deleting its own. */
export function deniedPipelineLogCalls(logs: PipelineLogTargets): DeniedCall[] {
  return [
    { action: 'logs:PutLogEvents', resource: `${logs.logGroupsArn}:/aws/codepipeline/intruder:log-stream:0123456789abcdef`, reason: "another pipeline's logs" },
    { action: 'logs:DeleteLogGroup', resource: logs.logGroupArn, reason: 'the logs outlive the run' },
  ];
}

/** The logs IAM alone, for a role that writes nothing else (the pipeline's role, for the Commands rule). */
export function pipelineLogIam(documentation: string): ProviderIam<{ readonly logs: PipelineLogTargets }> {
  return { documentation, artifacts: ArtifactAccess.NONE, statements: pipelineLogStatements() };
}

/**
 * The pipeline's name as written in its template, rather than a reference to the pipeline resource: a
 * step's resources may live in a nested stack of their own (`stageStacks`), and a reference from there
 * to the pipeline, which itself references the step's role, would be a dependency cycle.
 */
function pipelineNameOf(pipeline: codepipeline.IPipeline): string {
  const cfn = pipeline.node.defaultChild;
  const name = cfn instanceof codepipeline.CfnPipeline ? cfn.name : undefined;
  return name && !Token.isUnresolved(name) ? name : pipeline.pipelineName;
}
