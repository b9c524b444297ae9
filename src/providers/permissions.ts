import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { fail } from '../core/private/errors';
import { artifactCalls } from '../iam/artifact-calls';
import { DeniedCall, DocumentedCall, DocumentedCalls } from '../iam/documented-calls';

/**
 * The IAM a provider's action role needs, as data: each statement's actions and the builders of the
 * resource ARNs it is granted on, with the calls CodePipeline makes under it right next to it.
 *
 * `T` is what the builders read: the resolved targets of one action (a bucket's name, a service's
 * cluster, a key's ARN, ...). A provider module declares one `ProviderIam` constant and names it in
 * its `ProviderDefinition`; its bind applies it to its targets (`applyIam`). The same data is read
 * statically by the tests (every action exists in the Service Authorization Reference, `*` only where
 * IAM has no resource type) and, once synthesized, by the IAM check, which simulates every call.
 */
export interface ProviderIam<T> {
  /** Where AWS documents these permissions (the provider page's "Service role permissions"). */
  readonly documentation: string;

  /** What the action does with the pipeline's artifact bucket (and its key); a function when it depends on the action's artifacts. */
  readonly artifacts: ArtifactAccess | ((t: T) => ArtifactAccess);

  /**
   * Where AWS documents the artifact calls, when the provider's page lists them (Commands).
   *
   * @default - the CodePipeline service role page
   */
  readonly artifactDocumentation?: string;

  /**
   * The artifact bucket grant, when it is wider than the calls `artifacts` records, and why.
   *
   * @default - exactly what `artifacts` says
   */
  readonly artifactGrant?: ArtifactGrant;

  /**
   * Calls on the artifact bucket itself (not its objects) that the artifact grant allows, e.g. CodeCommit's
   * check that the bucket exists (`s3:ListBucket`).
   *
   * @default - none
   */
  readonly artifactBucketCalls?: (bucketArn: string) => ArtifactBucketCall[];

  /** The statements of the action role's policy. */
  readonly statements: ProviderStatement<T>[];

  /** Calls the role must not be able to make: where least privilege draws the line. */
  readonly denied?: (t: T) => DeniedCall[];
}

/** What an action does with the artifact bucket. */
export enum ArtifactAccess {
  /** Nothing (the action has no artifacts, or CodePipeline moves them itself). */
  NONE = 'none',
  /** Reads its input artifacts. */
  READ = 'read',
  /** Writes its output artifacts. */
  WRITE = 'write',
  /** Reads inputs and writes outputs. */
  READ_WRITE = 'read-write',
}

/** A call on the artifact bucket itself: with no statement of its own, it names its actions. */
export interface ArtifactBucketCall extends CallOn {
  readonly actions: string[];
}

/** An artifact bucket grant wider than the documented artifact calls. */
export interface ArtifactGrant {
  /** What is granted on the bucket's objects (and its key). */
  readonly access: ArtifactAccess;
  /**
   * `s3:PutObjectAcl` on the objects too.
   *
   * @default false
   */
  readonly putAcl?: boolean;
  /** Why the grant is wider than the calls, and what would narrow it. */
  readonly reason: string;
}

/** One statement of an action role's policy, with the calls it allows. */
export interface ProviderStatement<T> {
  /** The IAM actions, exactly as the Service Authorization Reference spells them (no pattern). */
  readonly actions: string[];

  /** The resource-ARN builder: the ARNs (or ARN patterns) the statement grants the actions on. */
  readonly resources: (t: T) => string[];

  /**
   * Why the statement's resource is `*`: the actions have no resource type in IAM (and what limits
   * them instead, e.g. a condition). Required exactly when `resources` gives `*`.
   */
  readonly unscoped?: string;

  /**
   * The statement's conditions, e.g. `{ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }`.
   *
   * @default - none
   */
  readonly conditions?: (t: T) => Record<string, Record<string, unknown>>;

  /**
   * The statement applies only when this holds (e.g. the deploy encrypts with a key).
   *
   * @default - always
   */
  readonly when?: (t: T) => boolean;

  /**
   * The calls CodePipeline makes under this statement: the resource of one call (an instance of
   * `resources`), made with each of `actions` (or the call's own `actions`).
   *
   * @default - one call per resource, when no resource holds a wildcard
   */
  readonly calls?: (t: T) => CallOn[];
}

/** Where a documented call is made. */
export interface CallOn {
  /** The resource ARN of the call (`*` for actions without a resource type). */
  readonly resource: string;
  /** The request context the call carries. */
  readonly context?: Record<string, string>;
  /**
   * The actions called on it.
   *
   * @default - all the statement's actions
   */
  readonly actions?: string[];
  /**
   * Where AWS documents this call, when it is another page than the provider's (e.g. ECR's
   * registry authentication for an image scan's `ecr:GetAuthorizationToken`).
   *
   * @default - the `ProviderIam`'s documentation
   */
  readonly documentation?: string;
}

/** The statements and calls of `permissions` for one action's targets. */
export interface AppliedIam {
  readonly statements: iam.PolicyStatement[];
  readonly calls: DocumentedCall[];
  readonly denied: DeniedCall[];
}

/** Builds the policy statements and documented calls `permissions` declares for `targets`. */
export function resolveIam<T>(scope: IConstruct, permissions: ProviderIam<T>, targets: T): AppliedIam {
  const statements: iam.PolicyStatement[] = [];
  const calls: DocumentedCall[] = [];
  for (const s of permissions.statements) {
    if (s.when && !s.when(targets)) continue;
    const resources = s.resources(targets);
    if (resources.length === 0) continue;
    const unscoped = resources.includes('*');
    if (unscoped !== (s.unscoped !== undefined)) {
      fail(scope, 'ProviderIamUnscoped', `the statement for ${s.actions.join(', ')} ${unscoped ? "grants '*' without saying why (unscoped)" : 'says why it is unscoped, but names resources'}`);
    }
    const conditions = s.conditions?.(targets);
    statements.push(new iam.PolicyStatement({ actions: s.actions, resources, conditions }));
    const on: CallOn[] | undefined = s.calls?.(targets) ?? (resources.some(r => r.includes('*')) ? undefined : resources.map(resource => ({ resource })));
    if (on === undefined) {
      fail(scope, 'ProviderIamCalls', `the statement for ${s.actions.join(', ')} is granted on a pattern, so it must say which call is made on which resource (calls)`);
    }
    for (const call of on) {
      for (const action of call.actions ?? s.actions) {
        calls.push({ action, resource: call.resource, documentation: call.documentation ?? permissions.documentation, context: call.context });
      }
    }
  }
  return { statements, calls, denied: permissions.denied?.(targets) ?? [] };
}

/**
 * Gives `role` what `permissions` declares for `targets` (statements, artifact access) and records
 * the calls it makes and must not make, for the IAM check.
 */
export function applyIam<T>(scope: IConstruct, role: iam.IRole, permissions: ProviderIam<T>, targets: T, artifactBucket: s3.IBucket): void {
  const applied = resolveIam(scope, permissions, targets);
  for (const statement of applied.statements) role.addToPrincipalPolicy(statement);
  const access = typeof permissions.artifacts === 'function' ? permissions.artifacts(targets) : permissions.artifacts;
  const reads = (a: ArtifactAccess) => a === ArtifactAccess.READ || a === ArtifactAccess.READ_WRITE;
  const writes = (a: ArtifactAccess) => a === ArtifactAccess.WRITE || a === ArtifactAccess.READ_WRITE;
  const granted = permissions.artifactGrant?.access ?? access;
  if (reads(granted) && writes(granted)) artifactBucket.grantReadWrite(role);
  else if (reads(granted)) artifactBucket.grantRead(role);
  else if (writes(granted)) artifactBucket.grantWrite(role);
  if (permissions.artifactGrant?.putAcl) artifactBucket.grantPutAcl(role);
  const read = reads(access);
  const write = writes(access);
  const artifacts = read || write ? artifactCalls(artifactBucket, { read, write }, permissions.artifactDocumentation) : [];
  const bucketCalls = (permissions.artifactBucketCalls?.(artifactBucket.bucketArn) ?? []).flatMap(call => call.actions.map(action => ({
    action, resource: call.resource, context: call.context, documentation: call.documentation ?? permissions.documentation,
  })));
  DocumentedCalls.add(role, ...applied.calls, ...artifacts, ...bucketCalls);
  DocumentedCalls.addDenied(role, ...applied.denied);
}
