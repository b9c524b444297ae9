import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Invoke } from './invoke';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

/** Options for `Invoke.pipeline`. */
export interface PipelineInvokeOptions extends StepOptions {
  /**
   * Pipeline-level variables to start the target pipeline with (it must declare them), e.g. `{ version: '#{Build.VERSION}' }`.
   *
   * @default - none
   */
  readonly variables?: Record<string, string>;

  /**
   * Source revisions to start the target pipeline's sources at, by source action name, e.g.
   * `{ Source: '#{Source.CommitId}' }` (a commit ID, S3 object version or image digest).
   *
   * @default - each source's latest revision
   */
  readonly sourceRevisions?: Record<string, string>;

  /**
   * With `sourceRevisions`: what each revision value is.
   *
   * @default actions.RevisionType.COMMIT_ID
   */
  readonly revisionType?: actions.RevisionType;

  /**
   * Source revisions, each with its own type, e.g. both `S3_OBJECT_KEY` and `S3_OBJECT_VERSION_ID` for one S3
   * source (`SourceRevisions`); added to `sourceRevisions`.
   *
   * @default - none
   */
  readonly revisions?: actions.SourceRevision[];
}

const VARIABLE = /^[A-Za-z0-9@\-_]{1,128}$/;

export class PipelineInvoke extends StepImplementation {
  public readonly defaultActionName: string;

  constructor(private readonly target: codepipeline.IPipeline, public readonly options: PipelineInvokeOptions) {
    super(options);
    for (const [name, value] of Object.entries(options.variables ?? {})) {
      if (!VARIABLE.test(name) || value.length < 1 || value.length > 1000) {
        fail(undefined, 'InvalidPipelineVariable',
          `Invoke.pipeline: variable names are 1 to 128 of letters, digits, @ - _ and values 1 to 1000 characters, got ${show(name)}`);
      }
    }
    this.defaultActionName = actionName(`Start-${target.node.id || 'Pipeline'}`);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    checkArtifactBounds(scope, context, 'CodePipeline', PIPELINE_INVOKE_PROVIDER.bounds, 0, 0);
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['codepipeline:StartPipelineExecution'], resources: [this.target.pipelineArn] }),
    ]);
    const pipeline = (name: string) => Stack.of(this.target).formatArn({
      service: 'codepipeline',
      resource: name,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
      account: this.target.env.account,
      region: this.target.env.region,
    });
    DocumentedCalls.add(role, { action: 'codepipeline:StartPipelineExecution', resource: pipeline(this.target.pipelineName), documentation: PIPELINE_INVOKE_DOC });
    DocumentedCalls.addDenied(role,
      { action: 'codepipeline:StartPipelineExecution', resource: pipeline('intruder'), reason: 'another pipeline' },
      { action: 'codepipeline:UpdatePipeline', resource: pipeline(this.target.pipelineName), reason: 'the action starts the pipeline, never changes it' },
    );
    return {
      actions: [new actions.PipelineInvokeAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        targetPipeline: this.target,
        role: forAction,
        variables: o.variables ? Object.entries(o.variables).map(([name, value]) => ({ name, value })) : undefined,
        sourceRevisions: o.sourceRevisions || o.revisions
          ? [
            ...Object.entries(o.sourceRevisions ?? {}).map(([actionName_, revisionValue]) => ({
              actionName: actionName_, revisionValue, revisionType: o.revisionType ?? actions.RevisionType.COMMIT_ID,
            })),
            ...(o.revisions ?? []),
          ]
          : undefined,
      })],
    };
  }
}

/** The CodePipeline invoke action's reference page: its "Service role permissions" section lists this call. */
const PIPELINE_INVOKE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-PipelineInvoke.html#action-reference-PipelineInvoke-permissions-action';

/** The revision types `SourceRevisions` takes (SourceRevisionOverride in the CodePipeline API). */
const REVISION_TYPES = ['COMMIT_ID', 'IMAGE_DIGEST', 'S3_OBJECT_VERSION_ID', 'S3_OBJECT_KEY'];

function fromFile(a: ActionContext): StepFactory | undefined {
  const pipelineName = a.config.PipelineName;
  const variables = jsonList(a, 'Variables', ['name', 'value'], '[{"name": "version", "value": "#{Build.VERSION}"}]');
  const revisions = jsonList(a, 'SourceRevisions', ['actionName', 'revisionType', 'revisionValue'],
    '[{"actionName": "Source", "revisionType": "COMMIT_ID", "revisionValue": "#{Source.CommitId}"}]');
  const unknown = (revisions ?? []).map(r => r.revisionType).find(t => !REVISION_TYPES.includes(t));
  if (unknown !== undefined) {
    a.configProblem('InvalidConfiguration', `SourceRevisions: revisionType '${unknown}' is unknown${didYouMean(unknown, REVISION_TYPES)}: use ${REVISION_TYPES.join(', ')}`, 'SourceRevisions');
  }
  if (pipelineName === undefined || unknown !== undefined) return undefined;
  // Invoke.pipeline at call time (invoke.ts imports this module).
  return scope => Invoke.pipeline(codepipeline.Pipeline.fromPipelineArn(scope, 'TargetPipeline', pipelineName.startsWith('arn:')
    ? pipelineName
    : Stack.of(scope).formatArn({ service: 'codepipeline', resource: pipelineName })), {
    actionName: a.name,
    runOrder: a.data.runOrder,
    variables: variables ? Object.fromEntries(variables.map(v => [v.name, v.value])) : undefined,
    // As written: each revision with its own type, in the file's order.
    revisions: revisions as actions.SourceRevision[] | undefined,
  });
}

/** A JSON array of objects with exactly the given string fields. */
function jsonList(a: ActionContext, key: string, fields: string[], example: string): Array<Record<string, string>> | undefined {
  const value = a.config[key];
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.every(item => typeof item === 'object' && item !== null
    && fields.every(f => typeof (item as any)[f] === 'string') && Object.keys(item).every(k => fields.includes(k)));
  if (!ok) {
    a.configProblem('InvalidConfiguration', `'${key}' must be a JSON array of { ${fields.join(', ')} } objects, e.g. '${example}', got '${value}'`, key);
    return undefined;
  }
  return parsed as Array<Record<string, string>>;
}

/** The AWS CodePipeline invoke provider (action reference: PipelineInvoke). */
export const PIPELINE_INVOKE_PROVIDER: ProviderDefinition = {
  title: 'AWS CodePipeline invoke',
  category: 'Invoke',
  owner: 'AWS',
  provider: 'CodePipeline',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-PipelineInvoke.html',
  factory: 'Invoke.pipeline',
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'PipelineName', required: true, kind: KeyKind.STRING, option: 'target', description: 'The pipeline to start.', example: 's3-pipeline-test' },
    { name: 'SourceRevisions', kind: KeyKind.JSON, option: 'revisions', description: 'The source revisions to start the target pipeline at: a JSON array of { actionName, revisionType, revisionValue }.', example: '[{"actionName":"Source","revisionType":"S3_OBJECT_VERSION_ID","revisionValue":"zq8mjNEXAMPLE"}]' },
    { name: 'Variables', kind: KeyKind.JSON, option: 'variables', description: 'Pipeline-level variables to start the target pipeline with: a JSON array of { name, value }.', example: '[{"name":"VAR1","value":"VALUE1"}]' },
  ],
  fromFile,
};
