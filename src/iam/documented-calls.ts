import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * One AWS API call a service makes with a role, as AWS documents it (for example the ECS deploy
 * action's "Service role permissions": `ecs:UpdateService` on the service).
 *
 * Steps record the calls their roles must be able to make; the IAM check
 * (`cdk-delivery-pipeline/lib/iam/check`) simulates each one against the synthesized policies.
 */
export interface DocumentedCall {
  /** The IAM action, exactly (`service:Action`, no wildcard), e.g. `ecs:UpdateService`. */
  readonly action: string;

  /**
   * The ARN of the resource the call is made on; may hold tokens (`service.serviceArn`, ...).
   * `*` for actions that have no resource-level permissions.
   */
  readonly resource: string;

  /**
   * Where AWS documents that this call is made (a page of the AWS documentation).
   */
  readonly documentation: string;

  /**
   * Request context the call carries, e.g. `{ 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }`.
   *
   * @default - none beyond `aws:SecureTransport` (the AWS SDKs always use TLS)
   */
  readonly context?: { [key: string]: string };
}

/** A call a role must not be able to make, with why. */
export interface DeniedCall {
  /** The IAM action, e.g. `s3:DeleteObject`. */
  readonly action: string;

  /** The resource ARN (may hold tokens). */
  readonly resource: string;

  /** Why the role must not be able to make it, e.g. 'artifacts are removed by lifecycle rules only'. */
  readonly reason: string;

  /**
   * Request context the call carries.
   *
   * @default - none beyond `aws:SecureTransport`
   */
  readonly context?: { [key: string]: string };
}

const CALLS = Symbol.for('cdk-delivery-pipeline.documented-calls');
const DENIED = Symbol.for('cdk-delivery-pipeline.denied-calls');

/**
 * The calls a role is documented to make, and the calls it must not be able to make, recorded on the
 * role so that the IAM check can simulate both against the synthesized template.
 *
 * The library records them for every role it creates (action roles, the pipeline role, CodeBuild
 * project roles). A custom step records its own:
 *
 * ```ts
 * DocumentedCalls.add(role, { action: 'ecs:UpdateService', resource: serviceArn, documentation: 'https://docs.aws.amazon.com/...' });
 * ```
 */
export class DocumentedCalls {
  /** Records calls the role makes. */
  public static add(role: iam.IRole, ...calls: DocumentedCall[]): void {
    list<DocumentedCall>(role, CALLS).push(...calls);
  }

  /** Records calls the role must not be able to make. */
  public static addDenied(role: iam.IRole, ...calls: DeniedCall[]): void {
    list<DeniedCall>(role, DENIED).push(...calls);
  }

  /** The calls recorded for a role (empty when none). */
  public static of(role: iam.IRole): DocumentedCall[] {
    return [...((role as any)[CALLS] ?? [])];
  }

  /** The calls the role must not be able to make (empty when none). */
  public static deniedOf(role: iam.IRole): DeniedCall[] {
    return [...((role as any)[DENIED] ?? [])];
  }

  private constructor() {}
}

function list<T>(role: iam.IRole, key: symbol): T[] {
  const target = role as any;
  if (!Object.prototype.hasOwnProperty.call(target, key)) {
    Object.defineProperty(target, key, { value: [], enumerable: false });
  }
  return target[key];
}
