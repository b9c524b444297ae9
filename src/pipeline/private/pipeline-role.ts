import { Names, Stack } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { artifactCalls, SERVICE_ROLE_DOC } from '../../iam/artifact-calls';
import { DocumentedCalls } from '../../iam/documented-calls';
import { ManagedPolicyRole } from '../../providers/private/managed-policy-role';

/**
 * The role CodePipeline runs as. It may assume exactly the action roles of its own pipeline: they are
 * created under an IAM path of their own (`/delivery-pipeline/<pipeline id>/`), and one statement on
 * that path replaces the statement per action role aws-cdk-lib would add. The policy therefore stays
 * the same size for 5 actions or CodePipeline's maximum of 500, within IAM's policy size quotas.
 */
export class PipelineRole extends ManagedPolicyRole {
  /** The IAM path of the pipeline's action roles. */
  public readonly actionRolePath: string;
  private readonly actionRoleArns = new Set<string>();
  private readonly assumeStatement: iam.AddToPrincipalPolicyResult;

  constructor(scope: Construct, id: string) {
    super(scope, id, { assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com') });
    this.actionRolePath = `/delivery-pipeline/${Names.uniqueResourceName(scope, { maxLength: 64, separator: '-' })}/`;
    this.assumeStatement = super.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: `${this.actionRolePath.slice(1)}*` })],
    }));
    DocumentedCalls.addDenied(this, {
      action: 'sts:AssumeRole',
      resource: Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'delivery-pipeline/another-pipeline/ActionRole' }),
      reason: 'the action roles of another pipeline',
    });
  }

  /**
   * Records the calls CodePipeline makes with this role for an action: it assumes the action's role
   * (a role of the pipeline's own, or one given by ARN, possibly in another account).
   */
  public recordAction(action: codepipeline.IAction): void {
    const role = action.actionProperties.role;
    if (role) DocumentedCalls.add(this, { action: 'sts:AssumeRole', resource: role.roleArn, documentation: SERVICE_ROLE_DOC });
  }

  /**
   * Lets CodePipeline check the artifact bucket and records what it does with it: it reads and writes
   * artifacts itself (cross-region replication, actions that run as no role of their own), and the
   * service role page's minimum policy (statement AllowS3BucketAccess) has it check the bucket's
   * versioning, ACL (that it owns the bucket) and location. aws-cdk-lib grants all of that but the ACL.
   */
  public useArtifactBucket(bucket: s3.IBucket): void {
    this.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }));
    DocumentedCalls.add(this,
      ...artifactCalls(bucket, { read: true, write: true }),
      ...['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'].map(action => ({ action, resource: bucket.bucketArn, documentation: SERVICE_ROLE_DOC })),
    );
  }

  /** Records a role created under `actionRolePath`, which the path statement already lets the pipeline assume. */
  public adoptActionRole(role: iam.IRole): void {
    this.actionRoleArns.add(role.roleArn);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const json = statement.toStatementJson();
    const resources: string[] = [].concat(json.Resource ?? []);
    const coveredByPath = statement.actions.length === 1 && statement.actions[0] === 'sts:AssumeRole'
      && resources.length > 0 && resources.every(arn => this.actionRoleArns.has(arn));
    return coveredByPath ? this.assumeStatement : super.addToPrincipalPolicy(statement);
  }
}
