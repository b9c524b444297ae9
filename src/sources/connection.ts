import { Fn, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { Source } from './source';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { flag } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { withConfiguration } from './private/configured-action';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { registerCloneOutput } from '../providers/private/clone-outputs';
import { deniedConnectionCalls, useConnectionStatements } from '../providers/private/connection-permissions';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** Options for `Source.connection`. */
export interface ConnectionSourceOptions extends StepOptions {
  /**
   * The ARN of the AWS CodeConnections (formerly CodeStar Connections) connection.
   *
   * @example 'arn:aws:codeconnections:eu-west-1:123456789012:connection/12345678-abcd-12ab-34cdef5678gh'
   */
  readonly connectionArn: string;

  /**
   * Start the pipeline when the branch changes.
   *
   * @default true
   */
  readonly triggerOnPush?: boolean;

  /**
   * Hand CodeBuild a full git clone (with history) instead of a zip of the files (`OutputArtifactFormat`
   * `CODEBUILD_CLONE_REF`; `false` writes `CODE_ZIP`, CodePipeline's default, explicitly).
   * CodeBuild steps and Commands actions that read this source clone it through the connection: the
   * library grants their roles `UseConnection` on this connection only (`codeconnections:UseConnection`
   * for an `arn:aws:codeconnections:` ARN, `codestar-connections:UseConnection` for an older
   * `arn:aws:codestar-connections:` one).
   *
   * @default - a zip of the files (no `OutputArtifactFormat` is written: CodePipeline's default, CODE_ZIP)
   */
  readonly codeBuildCloneOutput?: boolean;

  /**
   * The namespace of the variables the source emits (CommitId, CommitMessage, BranchName, FullRepositoryName, AuthorDate, ConnectionArn), read as `#{namespace.<name>}`
   * references. `ActionVariable.of(source, ...)` names it after the action instead; give one or the other.
   *
   * @default - none, unless an `ActionVariable` of the source is read
   */
  readonly variablesNamespace?: string;
}

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/;

/** What the connection source's IAM and action read, resolved from its options. */
interface ConnectionSourceTargets {
  readonly output: codepipeline.Artifact;
  readonly connectionArn: string;
}

/**
 * The connection source's IAM (the page's "Service role permissions": UseConnection on the connection), with
 * the calls it makes. UseConnection of the service the ARN names (CodeStar Connections was renamed
 * CodeConnections; the action's prefix must match the ARN's: see useConnectionGrants); both, each on the ARN
 * under its prefix, when the ARN is a token. The artifact store: no s3:GetBucketAcl here: CodePipeline
 * documents its bucket checks (GetBucketAcl, GetBucketLocation, GetBucketVersioning: the AllowS3BucketAccess
 * statement of the service role policy, https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html)
 * for the pipeline's service role, which holds them; no action reference lists a bucket call on the artifact
 * store for the action's role. (CodeBuild does check the buckets it uses with the project's role: see codebuild-step.)
 */
export const CONNECTION_SOURCE_IAM: ProviderIam<ConnectionSourceTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html#edit-role-connections',
  artifacts: ArtifactAccess.WRITE,
  artifactGrant: {
    access: ArtifactAccess.READ_WRITE,
    putAcl: true,
    reason: "aws-cdk-lib's CodeStarConnectionsSourceAction grants read, write and the objects' ACL; CodePipeline documents " +
      'the writes. Narrowing it waits for a deployed proof.',
  },
  statements: useConnectionStatements<ConnectionSourceTargets>(t => [t.connectionArn]),
  denied: t => deniedConnectionCalls([t.connectionArn]),
};

export class ConnectionSource extends ProviderAction<ConnectionSourceOptions, ConnectionSourceTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = CONNECTION_SOURCE_IAM;
  private readonly owner: string;
  private readonly repo: string;

  constructor(repository: string, private readonly branch: string, options: ConnectionSourceOptions) {
    super(options);
    // A repository with tokens (`${owner}/${repo}` of parameters) splits at its literal '/'; one token
    // for the whole of it splits in CloudFormation: aws-cdk-lib renders FullRepositoryId as `${owner}/${repo}`.
    const parts = Token.isUnresolved(repository) && !repository.includes('/')
      ? [Fn.select(0, Fn.split('/', repository)), Fn.select(1, Fn.split('/', repository))]
      : repository.split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      fail(undefined, 'InvalidRepository', `Source.connection: repository must be '<owner>/<name>' (e.g. 'acme/shop'), got ${show(repository)}`);
    }
    if (!Token.isUnresolved(options.connectionArn) && !CONNECTION_ARN.test(options.connectionArn)) {
      fail(undefined, 'InvalidConnectionArn',
        `Source.connection: connectionArn must be a CodeConnections connection ARN ('arn:aws:codeconnections:<region>:<account>:connection/<id>'), got ${show(options.connectionArn)}`);
    }
    if (!Token.isUnresolved(branch) && branch.trim() === '') {
      fail(undefined, 'EmptyBranch', `Source.connection: branch of '${repository}' is empty: give the branch to release, e.g. 'main'`);
    }
    [this.owner, this.repo] = parts;
    this.defaultActionName = Token.isUnresolved(this.repo) ? 'Source' : actionName(this.repo);
  }

  protected targets(_scope: Construct, context: IStepContext): ConnectionSourceTargets {
    const output = context.output();
    if (this.options.codeBuildCloneOutput) {
      registerCloneOutput(output, this.options.connectionArn);
    }
    return { output, connectionArn: this.options.connectionArn };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: ConnectionSourceTargets, base: ActionBase): codepipeline.IAction[] {
    const action = new actions.CodeStarConnectionsSourceAction({
      ...base,
      connectionArn: t.connectionArn,
      owner: this.owner,
      repo: this.repo,
      branch: this.branch,
      output: t.output,
      triggerOnPush: this.options.triggerOnPush ?? true,
      variablesNamespace: this.options.variablesNamespace,
      codeBuildCloneOutput: this.options.codeBuildCloneOutput ?? false,
    });
    // aws-cdk-lib writes no OutputArtifactFormat for a zip: CODE_ZIP when it was asked for explicitly.
    return [withConfiguration(action, { OutputArtifactFormat: this.options.codeBuildCloneOutput === false ? 'CODE_ZIP' : undefined })];
  }
}

/** Keys of the deprecated GitHub (version 1, OAuth token) action, which CodePipeline's connection source does not take. */
const GITHUB_V1_KEYS = ['Owner', 'Repo', 'Branch', 'OAuthToken'];

/** The fix for any GitHub (version 1) request: a CodeConnections source. */
const GITHUB_V1_FIX = "a pipeline file builds a CodeConnections source: give 'ConnectionArn' (or a name in PipelineFileOptions.connections), " +
  "'FullRepositoryId' ('<owner>/<repo>', e.g. 'acme/shop') and 'BranchName' instead (create the connection to GitHub once, " +
  'console: Developer Tools > Settings > Connections, or AWS::CodeConnections::Connection, and authorize it)';

/**
 * Reports the GitHub (version 1) action itself (owner ThirdParty, provider GitHub), which AWS deprecated: it
 * authenticates with a long-lived OAuth token stored in the pipeline. True when reported.
 */
export function refuseGitHubVersion1(a: ActionContext): boolean {
  if (a.data.actionType !== 'Source' || a.data.owner !== 'ThirdParty' || a.data.provider !== 'GitHub') return false;
  a.problem('DeprecatedGitHubV1',
    `the GitHub (version 1) action authenticates with a long-lived OAuth token stored in the pipeline and is deprecated by AWS: use owner AWS; ${GITHUB_V1_FIX}`, 'owner');
  return true;
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const v1 = GITHUB_V1_KEYS.filter(k => a.config[k] !== undefined);
  if (v1.length > 0) {
    a.configProblem('DeprecatedGitHubV1',
      `${v1.join(', ')} belong${v1.length === 1 ? 's' : ''} to the deprecated GitHub (version 1) action` +
      (v1.includes('OAuthToken') ? ', whose OAuthToken is a long-lived secret stored in the pipeline' : '') + `: ${GITHUB_V1_FIX}`, v1[0]);
  }
  const repository = a.config.FullRepositoryId;
  const branch = a.config.BranchName;
  const connectionArn = resolveConnection(a);
  const format = a.config.OutputArtifactFormat;
  if (repository === undefined || branch === undefined || connectionArn === undefined) return undefined;
  // Source.connection at call time (source.ts imports this module).
  return () => Source.connection(repository, branch, {
    connectionArn,
    actionName: a.name,
    variablesNamespace: a.data.namespace,
    runOrder: a.data.runOrder,
    triggerOnPush: flag(a, 'DetectChanges'),
    codeBuildCloneOutput: format !== undefined ? format === 'CODEBUILD_CLONE_REF' : undefined,
  });
}

/** The connection's ARN: `ConnectionArn` itself, or the `PipelineFileOptions.connections` entry it (or the action, or `default`) names. */
function resolveConnection(a: ActionContext): string | undefined {
  const given = a.config.ConnectionArn;
  const connections = a.options.connections ?? {};
  // An ARN is used as given (Source.connection checks its form); anything else names a connection.
  if (given !== undefined && (Token.isUnresolved(given) || given.startsWith('arn:'))) return given;
  const arn = (given !== undefined ? connections[given] : undefined) ?? connections[a.name] ?? connections.default;
  if (arn === undefined && given === undefined) {
    // Neither the file nor the options give one: a deploy-time parameter (MissingValues.ERROR: a problem).
    return a.deployTimeValue('ConnectionArn', "'arn:aws:codeconnections:us-east-1:123456789012:connection/...' (or pass PipelineFileOptions.connections)",
      'the CodeConnections connection to the repository');
  }
  if (arn === undefined) {
    const names = Object.keys(connections);
    a.configProblem('MissingConnection', given !== undefined
      ? `ConnectionArn '${given}' is neither a connection ARN nor a name in PipelineFileOptions.connections${didYouMean(given, names)} (known: ${names.join(', ') || 'none'})`
      : "no connection: set configuration 'ConnectionArn' to a CodeConnections ARN, or pass PipelineFileOptions.connections (e.g. { default: 'arn:aws:codeconnections:...' })",
    given !== undefined ? 'ConnectionArn' : undefined);
  }
  return arn;
}

/**
 * The CodeConnections source provider (action reference: CodestarConnectionSource). `GitHub` and the other
 * aliases name the same action (the GitHub version 1 action, with its OAuth token, is deprecated).
 */
export const CONNECTION_SOURCE_PROVIDER: ProviderDefinition = {
  title: 'CodeConnections source',
  category: 'Source',
  owner: 'AWS',
  provider: 'CodeStarSourceConnection',
  aliases: ['GitHub', 'GitHubEnterpriseServer', 'Bitbucket', 'GitLab', 'GitLabSelfManaged', 'AzureDevOps'],
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html',
  factory: 'Source.connection',
  iam: [CONNECTION_SOURCE_IAM],
  bounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'ConnectionArn', kind: KeyKind.STRING, option: 'connectionArn', description: 'The connection ARN that is configured and authenticated for the source provider. CodePipeline requires it; in a pipeline file it may also name an entry of PipelineFileOptions.connections, which gives it when it is left out (the entry named like the action, else default).', example: 'arn:aws:codeconnections:us-east-1:123456789012:connection/12345678-abcd-12ab-34cd-1234567890ab' },
    { name: 'FullRepositoryId', required: true, kind: KeyKind.STRING, option: 'repository', description: 'The owner and name of the repository where source changes are detected.', example: 'acme/shop' },
    { name: 'BranchName', required: true, kind: KeyKind.STRING, option: 'branch', description: 'The branch where source changes are detected.', example: 'main' },
    { name: 'OutputArtifactFormat', kind: KeyKind.ENUM, values: ['CODE_ZIP', 'CODEBUILD_CLONE_REF'], option: 'codeBuildCloneOutput', description: 'A zip of the files (CODE_ZIP, the default) or a Git reference that downstream CodeBuild actions clone (CODEBUILD_CLONE_REF).', example: 'CODEBUILD_CLONE_REF' },
    { name: 'DetectChanges', kind: KeyKind.BOOLEAN, option: 'triggerOnPush', description: 'Start the pipeline when the branch changes (true, the default).', example: 'true' },
  ],
  // The action's namespace is the typed variablesNamespace.
  fileKeys: ['namespace'],
  fromFile,
};

