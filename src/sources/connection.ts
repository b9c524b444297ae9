import { Fn, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { registerCloneOutput } from '../private/clone-outputs';
import { deniedConnectionCalls, useConnectionCalls, useConnectionStatements } from '../private/connection-permissions';
import { fail, show } from '../private/errors';
import { actionName } from '../private/names';
import { StepImplementation } from '../private/step-implementation';

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
   * Hand CodeBuild a full git clone (with history) instead of a zip of the files.
   * CodeBuild steps and Commands actions that read this source clone it through the connection: the
   * library grants their roles `UseConnection` on this connection only (`codeconnections:UseConnection`
   * for an `arn:aws:codeconnections:` ARN, `codestar-connections:UseConnection` for an older
   * `arn:aws:codestar-connections:` one).
   *
   * @default false
   */
  readonly codeBuildCloneOutput?: boolean;
}

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/;

export class ConnectionSource extends StepImplementation {
  public readonly defaultActionName: string;
  private readonly owner: string;
  private readonly repo: string;

  constructor(repository: string, private readonly branch: string, public readonly options: ConnectionSourceOptions) {
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

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const output = context.output();
    if (this.options.codeBuildCloneOutput) {
      registerCloneOutput(output, this.options.connectionArn);
    }
    // UseConnection of the service the ARN names (CodeStar Connections was renamed CodeConnections; the
    // action's prefix must match the ARN's: see useConnectionGrants).
    const { role, forAction } = newActionRole(scope, context, useConnectionStatements([this.options.connectionArn]));
    // The artifact store. No s3:GetBucketAcl here: CodePipeline documents its bucket checks (GetBucketAcl,
    // GetBucketLocation, GetBucketVersioning: the AllowS3BucketAccess statement of the service role policy,
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html) for the pipeline's
    // service role, which holds them; no action reference lists a bucket call on the artifact store for the
    // action's role. (CodeBuild does check the buckets it uses with the project's role: see codebuild-step.)
    context.artifactBucket.grantReadWrite(role);
    context.artifactBucket.grantPutAcl(role);
    recordArtifactCalls(role, context.artifactBucket, { write: true });
    DocumentedCalls.add(role, ...useConnectionCalls([this.options.connectionArn], CONNECTION_DOC));
    DocumentedCalls.addDenied(role, ...deniedConnectionCalls([this.options.connectionArn]));
    const action = new actions.CodeStarConnectionsSourceAction({
      actionName: context.actionName,
      runOrder: context.runOrder,
      connectionArn: this.options.connectionArn,
      owner: this.owner,
      repo: this.repo,
      branch: this.branch,
      output,
      role: forAction,
      triggerOnPush: this.options.triggerOnPush ?? true,
      codeBuildCloneOutput: this.options.codeBuildCloneOutput ?? false,
    });
    return { actions: [action] };
  }
}

/** The connection source action's reference page: its "Service role permissions" section names UseConnection on the connection. */
const CONNECTION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html#edit-role-connections';
