import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeShopPipelineFindings } from './nag-acknowledgements';
import { Approval, Build, DeliveryPipeline, Deploy, Invoke, Source, Test } from '../src';

/** What the release pipeline of the shop needs to know about the shop's infrastructure. */
export interface ShopPipelineStackProps extends StackProps {
  /** The AWS CodeConnections connection to the shop's GitHub organisation. */
  readonly connectionArn: string;
}

/**
 * The seed's canonical pipeline: GitHub (through a connection) → CodeBuild image build (pushed to ECR) → two CodeBuild test
 * actions in parallel → manual approval → ECS deploy → Lambda smoke test.
 *
 * The shop's service and smoke test live in the shop's own stacks; the pipeline stack imports them.
 */
export class ShopPipelineStack extends Stack {
  public readonly delivery: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: ShopPipelineStackProps) {
    super(scope, id, props);
    const cluster = ecs.Cluster.fromClusterArn(this, 'Cluster', this.formatArn({ service: 'ecs', resource: 'cluster', resourceName: 'shop' }));
    const service = ecs.FargateService.fromFargateServiceAttributes(this, 'Service', { cluster, serviceName: 'shop-web' });
    const taskDefinition = ecs.FargateTaskDefinition.fromFargateTaskDefinitionAttributes(this, 'TaskDefinition', {
      taskDefinitionArn: this.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: 'shop-web:1' }),
      networkMode: ecs.NetworkMode.AWS_VPC,
      taskRole: iam.Role.fromRoleName(this, 'TaskRole', 'shop-web-task'),
      executionRole: iam.Role.fromRoleName(this, 'ExecutionRole', 'shop-web-execution'),
    });
    const smokeTest = lambda.Function.fromFunctionName(this, 'SmokeTest', 'shop-smoke-test');
    const npmToken = secretsmanager.Secret.fromSecretNameV2(this, 'NpmToken', 'shop/npm-token');
    const repository = ecr.Repository.fromRepositoryName(this, 'Repository', 'shop-web');
    const connectionArn = props.connectionArn;

    // --- the pipeline: 12 lines ---
    this.delivery = new DeliveryPipeline(this, 'Shop', {
      source: Source.connection('acme/shop', 'main', { connectionArn }),
      buildStep: Build.containerImage({ repository, containerName: 'web', secrets: { NPM_TOKEN: npmToken }, pullThroughCachePrefix: 'docker-hub' }),
      tests: [
        Test.codeBuild({ actionName: 'Unit', commands: ['npm ci', 'npm test'] }),
        Test.codeBuild({ actionName: 'Lint', commands: ['npm ci', 'npm run lint'] }),
      ],
      approval: Approval.manual({ notify: ['ops@acme.example'] }),
      deploy: Deploy.ecs({ service, taskDefinition }),
      invoke: Invoke.lambdaFunction(smokeTest),
      monitoring: { emails: ['ops@acme.example'] },
    });
    // --- end of the pipeline ---

    acknowledgeShopPipelineFindings(this.delivery);
  }
}

/** Builds the example app. */
export function buildApp(app: App): ShopPipelineStack {
  return new ShopPipelineStack(app, 'ShopPipeline', {
    env: { account: '123456789012', region: 'eu-west-1' },
    connectionArn: app.node.tryGetContext('connectionArn')
      ?? 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  });
}
