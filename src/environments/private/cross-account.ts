import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { ArtifactStorageOptions } from '../../pipeline/artifact-storage';
import type { Placement } from '../../pipeline/private/step-targets';

/**
 * The storage options of the artifact bucket, with a customer managed key (rotated yearly) added when
 * an environment or a step is in another account and none was given: other accounts can only read artifacts
 * encrypted with a key whose policy admits them. Same-account pipelines keep SSE-S3 (no key, no cost).
 */
export function artifactStorageFor(scope: Construct, storage: ArtifactStorageOptions, placements: Placement[]): ArtifactStorageOptions {
  const crossAccount = placements.filter(p => p.otherAccount);
  if (crossAccount.length === 0 || storage.encryptionKey) return storage;
  const key = new kms.Key(scope, 'ArtifactKey', {
    description: `Encrypts the artifacts of ${scope.node.path}, shared with account(s) ${[...new Set(crossAccount.map(p => p.otherAccount))].join(', ')}`,
    enableKeyRotation: true,
    removalPolicy: storage.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  return { ...storage, encryptionKey: key };
}

/**
 * Fails, saying what to set, when an action runs in another account but the artifact bucket has no
 * customer managed key (that account could not decrypt the artifacts).
 */
export function checkCrossAccountAction(scope: Construct, action: codepipeline.IAction, bucket: s3.IBucket): void {
  const role = action.actionProperties.role;
  if (!role) return;
  const account = role.env.account;
  const pipelineAccount = Stack.of(scope).account;
  if (Token.isUnresolved(account) || Token.isUnresolved(pipelineAccount) || account === pipelineAccount) return;
  if (!bucket.encryptionKey) {
    fail(scope, 'CrossAccountNeedsKey',
      `action '${action.actionProperties.actionName}' runs in account ${account}, but the artifact bucket has no customer managed KMS key, so that account cannot read the artifacts: ` +
      "declare the account on the environment or the step (the pipeline then creates a key), set 'artifactStorage.encryptionKey', or pass an 'artifactBucket' encrypted with a KMS key");
  }
}
