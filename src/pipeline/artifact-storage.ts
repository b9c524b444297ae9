import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/** How the artifact bucket the pipeline creates stores, keeps and cleans up artifacts. */
export interface ArtifactStorageOptions {
  /**
   * Artifacts older than this are expired (they stay recoverable as previous versions for
   * `previousVersionsExpireAfter`).
   *
   * @default Duration.days(90)
   */
  readonly expireAfter?: Duration;

  /**
   * Previous (non-current) versions of artifacts are deleted this long after they were replaced or
   * expired. Until then a release can be rolled back to them.
   *
   * @default Duration.days(30)
   */
  readonly previousVersionsExpireAfter?: Duration;

  /**
   * Incomplete multipart uploads are aborted after this long.
   *
   * @default Duration.days(7)
   */
  readonly abortIncompleteUploadsAfter?: Duration;

  /**
   * What happens to the bucket (and its access-log bucket) when the stack is deleted.
   * Anything but RETAIN can lose the artifacts a rollback needs.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Write S3 server access logs to a separate, retained bucket.
   *
   * @default true
   */
  readonly serverAccessLogs?: boolean;

  /**
   * Access logs older than this are deleted.
   *
   * @default Duration.days(365)
   */
  readonly accessLogsExpireAfter?: Duration;

  /**
   * Encrypt artifacts with this customer managed key instead of S3 managed keys (SSE-S3).
   * Needed to share artifacts with other accounts; a key costs about $1 a month.
   *
   * @default - SSE-S3 (no customer managed key, no cost)
   */
  readonly encryptionKey?: kms.IKey;
}
