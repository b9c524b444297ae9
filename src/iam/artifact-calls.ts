import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DocumentedCall } from './documented-calls';

/**
 * The CodePipeline service role page: what the pipeline's role and its action roles do with the artifact
 * store, and that the pipeline assumes each action's role to run the action.
 */
export const SERVICE_ROLE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/how-to-custom-role.html';

/** An example artifact object key (`<pipeline>/<artifact>/<id>`), for simulation. */
const OBJECT = 'pipeline/Artifact/revision.zip';

/** The artifact-store calls of a role that reads and/or writes artifacts. */
export function artifactCalls(bucket: s3.IBucket, access: { read?: boolean; write?: boolean }, doc = SERVICE_ROLE_DOC): DocumentedCall[] {
  const object = bucket.arnForObjects(OBJECT);
  const calls: DocumentedCall[] = [];
  if (access.read) {
    calls.push({ action: 's3:GetObject', resource: object, documentation: doc });
    calls.push({ action: 's3:GetObjectVersion', resource: object, documentation: doc });
  }
  if (access.write) calls.push({ action: 's3:PutObject', resource: object, documentation: doc });
  const key: kms.IKey | undefined = bucket.encryptionKey;
  if (key) {
    if (access.read) calls.push({ action: 'kms:Decrypt', resource: key.keyArn, documentation: doc, context: { 'kms:ViaService': viaS3(bucket) } });
    if (access.write) calls.push({ action: 'kms:GenerateDataKey', resource: key.keyArn, documentation: doc, context: { 'kms:ViaService': viaS3(bucket) } });
  }
  return calls;
}

function viaS3(bucket: s3.IBucket): string {
  return `s3.${Stack.of(bucket).region}.amazonaws.com`;
}
