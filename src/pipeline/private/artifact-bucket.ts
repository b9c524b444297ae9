import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The artifact bucket the library creates.
 *
 * Every aws-cdk-lib CodePipeline action grants itself access to the artifact bucket through
 * `bucket.grantRead/grantWrite/grantReadWrite/grantPutAcl`. The stock implementations grant action
 * patterns such as `s3:GetObject*`, `s3:List*` and `s3:DeleteObject*`. This subclass grants the exact
 * actions CodePipeline and its action providers use, and never delete: artifacts of earlier releases
 * can only be removed by the bucket's lifecycle rules.
 */
export class ArtifactBucket extends s3.Bucket {
  public grantRead(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantExact(identity, objectsKeyPattern, READ_OBJECT, READ_BUCKET, KMS_READ);
  }

  public grantWrite(identity: iam.IGrantable, objectsKeyPattern: any = '*', _allowedActionPatterns: string[] = []): iam.Grant {
    return this.grantExact(identity, objectsKeyPattern, WRITE_OBJECT, [], KMS_WRITE);
  }

  public grantPut(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    return this.grantExact(identity, objectsKeyPattern, ['s3:PutObject'], [], KMS_WRITE);
  }

  public grantReadWrite(identity: iam.IGrantable, objectsKeyPattern: any = '*'): iam.Grant {
    const keyActions = [...KMS_READ, ...KMS_WRITE];
    return this.grantExact(identity, objectsKeyPattern, [...READ_OBJECT, ...WRITE_OBJECT], READ_BUCKET, keyActions);
  }

  public grantPutAcl(identity: iam.IGrantable, objectsKeyPattern: string = '*'): iam.Grant {
    // Only `bucket-owner-full-control` is accepted: the bucket enforces object ownership.
    return this.grantExact(identity, objectsKeyPattern, ['s3:PutObjectAcl'], [], []);
  }

  private grantExact(
    identity: iam.IGrantable, keyPattern: string, objectActions: string[], bucketActions: string[], keyActions: string[],
  ): iam.Grant {
    let grant = iam.Grant.addToPrincipalOrResource({
      grantee: identity,
      actions: objectActions,
      resourceArns: [this.arnForObjects(keyPattern)],
      resource: this,
    });
    if (bucketActions.length > 0) {
      grant = grant.combine(iam.Grant.addToPrincipalOrResource({
        grantee: identity,
        actions: bucketActions,
        resourceArns: [this.bucketArn],
        resource: this,
      }));
    }
    if (this.encryptionKey && keyActions.length > 0) {
      grant = grant.combine(this.encryptionKey.grant(identity, ...unique(keyActions)));
    }
    return grant;
  }
}

const READ_OBJECT = ['s3:GetObject', 's3:GetObjectVersion'];
const READ_BUCKET = ['s3:GetBucketLocation', 's3:GetBucketVersioning', 's3:ListBucket'];
const WRITE_OBJECT = ['s3:PutObject', 's3:AbortMultipartUpload'];
const KMS_READ = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'];

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
