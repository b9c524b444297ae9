import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';
import { IStepContext } from '../../core/step';
import { DeniedCall, DocumentedCall } from '../../iam/documented-calls';

/** The input and output artifact counts a provider accepts. */
export interface ArtifactBounds {
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minOutputs: number;
  readonly maxOutputs: number;
}

/**
 * Checks an action's artifact counts against its provider's bounds before the aws-cdk-lib action is
 * created, so the error names the action, the provider and the bound.
 */
export function checkArtifactBounds(scope: IConstruct, context: IStepContext, provider: string, bounds: ArtifactBounds,
  inputs: number, outputs: number): void {
  const check = (what: string, count: number, min: number, max: number) => {
    if (count < min || count > max) {
      const range = min === max ? `exactly ${min}` : `${min} to ${max}`;
      fail(scope, 'ArtifactBounds',
        `action '${context.actionName}' (provider ${provider}) has ${count} ${what} artifact(s), but ${provider} accepts ${range}: ` +
        `${count > max ? 'remove' : 'add'} ${what === 'input' ? 'inputs' : 'outputs'} to fit`);
    }
  };
  check('input', inputs, bounds.minInputs, bounds.maxInputs);
  check('output', outputs, bounds.minOutputs, bounds.maxOutputs);
}

/** Fails unless the pipeline is a V2 pipeline: some providers exist only there. */
export function requireV2(scope: IConstruct, context: IStepContext, provider: string): void {
  if (context.pipelineType !== codepipeline.PipelineType.V2) {
    fail(scope, 'RequiresV2Pipeline',
      `action '${context.actionName}' uses the ${provider} provider, which CodePipeline offers only in V2 pipelines, ` +
      `but the pipeline is ${context.pipelineType}: set 'pipelineType: PipelineType.V2' (the default)`);
  }
}

/**
 * The permissions CodePipeline-managed compute (Commands, EKS, EC2, Inspector, ECR build-and-publish)
 * needs to write its logs: the pipeline's own log group `/aws/codepipeline/<pipeline>` only.
 */
export function pipelineLogStatements(scope: IConstruct, context: IStepContext): iam.PolicyStatement[] {
  return pipelineLogGroupStatements(Stack.of(scope), pipelineNameOf(context.pipeline));
}

/**
 * Each logs action on the ARN form its resource type takes (service authorization reference):
 * `logs:CreateLogGroup` on the log group `log-group:<name>`, `logs:CreateLogStream` and
 * `logs:PutLogEvents` on its log streams `log-group:<name>:log-stream:*`. A statement pairing all
 * three with both forms leaves half of it dead.
 */
export function pipelineLogGroupStatements(stack: Stack, pipelineName: string): iam.PolicyStatement[] {
  const logGroup = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `/aws/codepipeline/${pipelineName}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return [
    new iam.PolicyStatement({ actions: ['logs:CreateLogGroup'], resources: [logGroup] }),
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup}:log-stream:*`] }),
  ];
}

/**
 * The calls CodePipeline-managed compute makes on the pipeline's log group ("CodePipeline creates a log
 * group using the name of the pipeline": `/aws/codepipeline/<pipeline>`), for `DocumentedCalls.add`.
 */
export function pipelineLogCalls(scope: IConstruct, context: IStepContext, documentation: string): DocumentedCall[] {
  return pipelineLogGroupCalls(Stack.of(scope), pipelineNameOf(context.pipeline), documentation);
}

/** As `pipelineLogCalls`, for the pipeline of the given name. */
export function pipelineLogGroupCalls(stack: Stack, pipelineName: string, documentation: string): DocumentedCall[] {
  const logGroup = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/codepipeline/${pipelineName}`;
  const stream = `${logGroup}:log-stream:0123456789abcdef`;
  return [
    { action: 'logs:CreateLogGroup', resource: logGroup, documentation },
    { action: 'logs:CreateLogStream', resource: stream, documentation },
    { action: 'logs:PutLogEvents', resource: stream, documentation },
  ];
}

/** Log calls the compute must not make: another pipeline's log group, and deleting its own. */
export function deniedPipelineLogCalls(scope: IConstruct, context: IStepContext): DeniedCall[] {
  const stack = Stack.of(scope);
  const logs = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group`;
  return [
    { action: 'logs:PutLogEvents', resource: `${logs}:/aws/codepipeline/intruder:log-stream:0123456789abcdef`, reason: "another pipeline's logs" },
    { action: 'logs:DeleteLogGroup', resource: `${logs}:/aws/codepipeline/${pipelineNameOf(context.pipeline)}`, reason: 'the logs outlive the run' },
  ];
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
