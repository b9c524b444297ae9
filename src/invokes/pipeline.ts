import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { Invoke } from './invoke';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the CodePipeline invoke's IAM reads, resolved from its target pipeline. */
interface PipelineInvokeTargets {
  /** The target pipeline's ARN, as the pipeline gives it (the grant's form). */
  readonly pipelineArn: string;
  /** The target pipeline's ARN built from its name, account and region (the calls' form). */
  readonly pipelineCallArn: string;
  /** Another pipeline's ARN, in the same form. */
  readonly otherPipelineArn: string;
}

/** The CodePipeline invoke action's IAM (the page's "Service role permissions"), with the call it makes. */
export const PIPELINE_INVOKE_IAM: ProviderIam<PipelineInvokeTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-PipelineInvoke.html#action-reference-PipelineInvoke-permissions-action',
  artifacts: ArtifactAccess.NONE,
  statements: [
    {
      actions: ['codepipeline:StartPipelineExecution'],
      resources: t => [t.pipelineArn],
      calls: t => [{ resource: t.pipelineCallArn }],
    },
  ],
  denied: t => [
    { action: 'codepipeline:StartPipelineExecution', resource: t.otherPipelineArn, reason: 'another pipeline' },
    { action: 'codepipeline:UpdatePipeline', resource: t.pipelineCallArn, reason: 'the action starts the pipeline, never changes it' },
  ],
};

export class PipelineInvoke extends ProviderAction<PipelineInvokeOptions, PipelineInvokeTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = PIPELINE_INVOKE_IAM;

  constructor(private readonly target: codepipeline.IPipeline, options: PipelineInvokeOptions) {
    super(options);
    for (const [name, value] of Object.entries(options.variables ?? {})) {
      if (!VARIABLE.test(name) || value.length < 1 || value.length > 1000) {
        fail(undefined, 'InvalidPipelineVariable',
          `Invoke.pipeline: variable names are 1 to 128 of letters, digits, @ - _ and values 1 to 1000 characters, got ${show(name)}`);
      }
    }
    this.defaultActionName = actionName(`Start-${target.node.id || 'Pipeline'}`);
  }

  protected targets(_scope: Construct, _context: IStepContext): PipelineInvokeTargets {
    const pipeline = (name: string) => Stack.of(this.target).formatArn({
      service: 'codepipeline',
      resource: name,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
      account: this.target.env.account,
      region: this.target.env.region,
    });
    return {
      pipelineArn: this.target.pipelineArn,
      pipelineCallArn: pipeline(this.target.pipelineName),
      otherPipelineArn: pipeline('intruder'),
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, _t: PipelineInvokeTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.PipelineInvokeAction({
      ...base,
      targetPipeline: this.target,
      variables: o.variables ? Object.entries(o.variables).map(([name, value]) => ({ name, value })) : undefined,
      sourceRevisions: o.sourceRevisions || o.revisions
        ? [
          ...Object.entries(o.sourceRevisions ?? {}).map(([actionName_, revisionValue]) => ({
            actionName: actionName_, revisionValue, revisionType: o.revisionType ?? actions.RevisionType.COMMIT_ID,
          })),
          ...(o.revisions ?? []),
        ]
        : undefined,
    })];
  }
}

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
  iam: [PIPELINE_INVOKE_IAM],
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'PipelineName', required: true, kind: KeyKind.STRING, option: 'target', description: 'The pipeline to start.', example: 's3-pipeline-test' },
    { name: 'SourceRevisions', kind: KeyKind.JSON, option: 'revisions', description: 'The source revisions to start the target pipeline at: a JSON array of { actionName, revisionType, revisionValue }.', example: '[{"actionName":"Source","revisionType":"S3_OBJECT_VERSION_ID","revisionValue":"zq8mjNEXAMPLE"}]' },
    { name: 'Variables', kind: KeyKind.JSON, option: 'variables', description: 'Pipeline-level variables to start the target pipeline with: a JSON array of { name, value }.', example: '[{"name":"VAR1","value":"VALUE1"}]' },
  ],
  fromFile,
};
