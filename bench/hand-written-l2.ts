import { App, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** What the hand-written pipeline needs to know about the shop (the same inputs as the library example). */
export interface HandWrittenShopPipelineProps {
  readonly connectionArn: string;
  readonly service: ecs.IBaseService;
  readonly smokeTest: lambda.IFunction;
  readonly npmToken: secretsmanager.ISecret;
  readonly email: string;
}

/**
 * The seed pipeline written directly with aws-cdk-lib L2 constructs, to the standard the library sets by
 * default: the same stages and actions, an S3-encrypted, versioned, retained artifact bucket with
 * lifecycle rules and access logs, a CMK-encrypted TLS-only topic with an execution-state rule and
 * alarms, the npm token from Secrets Manager, and log groups with a retention. IAM is left to the L2
 * actions' default grants, as a hand-written pipeline usually is.
 *
 * The benchmark counts the lines of this class as the hand-written pipeline's code.
 */
export class HandWrittenShopPipeline extends Construct {
  public readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: HandWrittenShopPipelineProps) {
    super(scope, id);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Without the serverAccessLogsUseBucketPolicy feature flag, log delivery needs ACLs (ObjectWriter).
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{
        expiration: Duration.days(365),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    const artifactBucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      lifecycleRules: [{
        expiration: Duration.days(90),
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      }],
    });

    // EventBridge and CloudWatch cannot publish to a topic under the AWS managed SNS key.
    const key = new kms.Key(this, 'NotificationsKey', { enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    }));
    const topic = new sns.Topic(this, 'Notifications', { masterKey: key, enforceSSL: true });
    topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket,
      restartExecutionOnUpdate: false,
    });

    const project = (name: string, commands: string[], env: Record<string, codebuild.BuildEnvironmentVariable> = {}, artifacts = false) =>
      new codebuild.PipelineProject(this, `${name}Project`, {
        buildSpec: codebuild.BuildSpec.fromObject({
          version: '0.2',
          phases: { build: { commands } },
          ...(artifacts ? { artifacts: { files: ['**/*'] } } : {}),
        }),
        environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0, computeType: codebuild.ComputeType.SMALL },
        environmentVariables: env,
        timeout: Duration.minutes(60),
        logging: {
          cloudWatch: { logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.THREE_MONTHS }) },
        },
      });
    const buildProject = project('Build', ['npm ci', 'npm run build'], {
      NPM_TOKEN: { value: props.npmToken.secretArn, type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER },
    }, true);
    const unitProject = project('Unit', ['npm ci', 'npm test']);
    const lintProject = project('Lint', ['npm ci', 'npm run lint']);

    const sourceOutput = new codepipeline.Artifact('Source');
    const buildOutput = new codepipeline.Artifact('Build');
    this.pipeline.addStage({
      stageName: 'Source',
      actions: [new actions.CodeStarConnectionsSourceAction({
        actionName: 'shop', connectionArn: props.connectionArn, owner: 'acme', repo: 'shop', branch: 'main', output: sourceOutput,
      })],
    });
    this.pipeline.addStage({
      stageName: 'Build',
      actions: [new actions.CodeBuildAction({ actionName: 'Build', project: buildProject, input: sourceOutput, outputs: [buildOutput] })],
    });
    this.pipeline.addStage({
      stageName: 'Test',
      actions: [
        new actions.CodeBuildAction({ actionName: 'Unit', project: unitProject, input: sourceOutput, type: actions.CodeBuildActionType.TEST }),
        new actions.CodeBuildAction({ actionName: 'Lint', project: lintProject, input: sourceOutput, type: actions.CodeBuildActionType.TEST }),
      ],
    });
    this.pipeline.addStage({
      stageName: 'Approve',
      actions: [new actions.ManualApprovalAction({ actionName: 'Approve', notificationTopic: topic, timeout: Duration.days(7) })],
    });
    this.pipeline.addStage({
      stageName: 'Deploy',
      actions: [new actions.EcsDeployAction({
        actionName: 'DeployECS', service: props.service, imageFile: buildOutput.atPath('imagedefinitions.json'),
      })],
    });
    this.pipeline.addStage({
      stageName: 'Invoke',
      actions: [new actions.LambdaInvokeAction({ actionName: 'SmokeTest', lambda: props.smokeTest })],
    });

    this.pipeline.onStateChange('ExecutionStateRule', {
      eventPattern: { detail: { state: ['FAILED'] } },
      target: new targets.SnsTopic(topic, {
        message: events.RuleTargetInput.fromText(
          `Pipeline ${events.EventField.fromPath('$.detail.pipeline')} execution ` +
          `${events.EventField.fromPath('$.detail.execution-id')} ${events.EventField.fromPath('$.detail.state')}.`),
      }),
    });

    const alarmAction = new cwActions.SnsAction(topic);
    const failedExecutions = new cloudwatch.Metric({
      namespace: 'AWS/CodePipeline',
      metricName: 'FailedPipelineExecutions',
      dimensionsMap: { PipelineName: this.pipeline.pipelineName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
    const alarms = [
      failedExecutions.createAlarm(this, 'FailedExecutionsAlarm', {
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      ...[buildProject, unitProject, lintProject].map(p => p.metricFailedBuilds({ period: Duration.minutes(5) }).createAlarm(p, 'FailedBuildsAlarm', {
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })),
    ];
    alarms.forEach(alarm => alarm.addAlarmAction(alarmAction));
  }
}

/**
 * The stack around the hand-written pipeline: the same imports of the shop's service, smoke test and
 * secret as examples/shop-pipeline-stack.ts (not counted as pipeline code on either side).
 */
export class HandWrittenShopStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly connectionArn: string }) {
    super(scope, id, props);
    const cluster = ecs.Cluster.fromClusterArn(this, 'Cluster', this.formatArn({ service: 'ecs', resource: 'cluster', resourceName: 'shop' }));
    const service = ecs.FargateService.fromFargateServiceAttributes(this, 'Service', { cluster, serviceName: 'shop-web' });
    const smokeTest = lambda.Function.fromFunctionName(this, 'SmokeTest', 'shop-smoke-test');
    const npmToken = secretsmanager.Secret.fromSecretNameV2(this, 'NpmToken', 'shop/npm-token');
    new HandWrittenShopPipeline(this, 'Shop', {
      connectionArn: props.connectionArn, service, smokeTest, npmToken, email: 'ops@acme.example',
    });
  }
}

/** Builds the hand-written stack in the same environment as the library example. */
export function buildHandWrittenApp(app: App): HandWrittenShopStack {
  return new HandWrittenShopStack(app, 'HandWrittenShopPipeline', {
    env: { account: '123456789012', region: 'eu-west-1' },
    connectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  });
}
