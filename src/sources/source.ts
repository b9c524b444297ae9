import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CodeCommitSource, CodeCommitSourceOptions } from './codecommit';
import { ConnectionSource, ConnectionSourceOptions } from './connection';
import { EcrSource, EcrSourceOptions } from './ecr';
import { S3Source, S3SourceOptions } from './s3';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { registerProviderStep, StepBinder } from '../providers/provider-action';

/**
 * Where a release starts: a repository, a bucket or an image registry. Sources always run in the
 * pipeline's first stage.
 */
export abstract class Source extends PipelineStep {
  /**
   * A GitHub, GitHub Enterprise Server, Bitbucket Cloud, GitLab or Azure DevOps repository, through
   * an AWS CodeConnections connection. The connection is created (and authorized once) in the console.
   *
   * @param repository `owner/name`, e.g. `acme/shop`
   * @param branch the branch to release, e.g. `main`
   *
   * @example
   * Source.connection('acme/shop', 'main', {
   *   connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/12345678-abcd-12ab-34cdef5678gh',
   * });
   */
  public static connection(repository: string, branch: string, options: ConnectionSourceOptions): Source {
    return new ImplementedSource(new ConnectionSource(repository, branch, options));
  }

  /**
   * An AWS CodeCommit repository; pushes to the branch start the pipeline (EventBridge, no polling).
   *
   * @example
   * Source.codeCommit(repository, 'main');
   */
  public static codeCommit(repository: codecommit.IRepository, branch: string, options: CodeCommitSourceOptions = {}): Source {
    return new ImplementedSource(new CodeCommitSource(repository, branch, options));
  }

  /**
   * A zip file in a versioned S3 bucket; a new version of the object starts the pipeline.
   *
   * @param bucket a versioned bucket with EventBridge notifications enabled (`eventBridgeEnabled: true`)
   * @param key the object key, e.g. `releases/app.zip`
   *
   * @example
   * Source.s3(bucket, 'releases/app.zip');
   */
  public static s3(bucket: s3.IBucket, key: string, options: S3SourceOptions = {}): Source {
    return new ImplementedSource(new S3Source(bucket, key, options));
  }

  /**
   * An image tag in an Amazon ECR repository; a push of the tag starts the pipeline.
   *
   * @example
   * Source.ecr(repository, { imageTag: 'release' });
   */
  public static ecr(repository: ecr.IRepository, options: EcrSourceOptions = {}): Source {
    return new ImplementedSource(new EcrSource(repository, options));
  }

  public readonly category = StepCategory.SOURCE;
}

/**
 * What every `Source` factory returns: a source that binds through its provider module's binder. Private, as
 * in aws-cdk-lib's `CodePipelineSource`: users see `Source`, and `bind` is the binder's.
 */
class ImplementedSource extends Source {
  public readonly defaultActionName: string;

  constructor(private readonly binder: StepBinder) {
    super(binder.options);
    this.defaultActionName = binder.defaultActionName;
    registerProviderStep(this, binder);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.binder.bind(scope, context);
  }
}
