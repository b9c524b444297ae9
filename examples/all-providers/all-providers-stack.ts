import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ALL_PROVIDERS_ACKNOWLEDGEMENTS } from './nag-acknowledgements';
import {
  ActionOwner, Approval, Build, DeliveryPipeline, Deploy, DeviceFarmAppType, DeviceFarmTestType, Invoke, LambdaDeployStrategy,
  PipelineArtifact, Source, Test,
} from '../../src';
import { COMPLIANCE_PACK_ACKNOWLEDGEMENTS } from '../nag-acknowledgements';

const ENV = { account: '123456789012', region: 'us-west-2' };
const CONNECTION = 'arn:aws:codeconnections:us-west-2:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/**
 * Every provider of every kind of stage, in one V2 pipeline: the test app for issue "every provider",
 * also synthesized by CI for cfn-lint.
 */
export function buildAllProvidersApp(app: App, stageStacks = false): Stack {
  const stack = new Stack(app, 'AllProviders', { env: ENV });
  const repo = codecommit.Repository.fromRepositoryName(stack, 'Config', 'shop-config');
  const bucket = s3.Bucket.fromBucketName(stack, 'Drops', 'shop-drops');
  const images = ecr.Repository.fromRepositoryName(stack, 'Images', 'shop-web');
  const site = s3.Bucket.fromBucketName(stack, 'Site', 'shop-site');
  const npmToken = secretsmanager.Secret.fromSecretCompleteArn(stack, 'NpmToken', 'arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/npm-AbCdEf');
  const jenkins = new actions.JenkinsProvider(stack, 'Jenkins', { providerName: 'ShopJenkins', serverUrl: 'https://jenkins.acme.example' });
  // A literal ARN: cfn-lint (E3703) rejects the Fn::Join that Role.fromRoleName renders in an action's RoleArn.
  const deploymentRole = iam.Role.fromRoleArn(stack, 'CfnDeployer', `arn:aws:iam::${ENV.account}:role/shop-cfn-deployer`);
  const cluster = ecs.Cluster.fromClusterArn(stack, 'Cluster', `arn:aws:ecs:${ENV.region}:${ENV.account}:cluster/shop`);
  const service = ecs.FargateService.fromFargateServiceAttributes(stack, 'Service', { cluster, serviceName: 'shop-web' });
  const taskDefinition = ecs.FargateTaskDefinition.fromFargateTaskDefinitionAttributes(stack, 'TaskDefinition', {
    taskDefinitionArn: `arn:aws:ecs:${ENV.region}:${ENV.account}:task-definition/shop-web:3`,
    networkMode: ecs.NetworkMode.AWS_VPC,
    taskRole: iam.Role.fromRoleName(stack, 'TaskRole', 'shop-web-task'),
    executionRole: iam.Role.fromRoleName(stack, 'ExecutionRole', 'shop-web-execution'),
  });
  const serverApp = codedeploy.ServerApplication.fromServerApplicationName(stack, 'ServerApp', 'shop');
  const serverGroup = codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(stack, 'ServerGroup', { application: serverApp, deploymentGroupName: 'shop-servers' });
  const ecsApp = codedeploy.EcsApplication.fromEcsApplicationName(stack, 'EcsApp', 'shop-ecs');
  const ecsGroup = codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'EcsGroup', { application: ecsApp, deploymentGroupName: 'shop-bg' });
  const api = lambda.Function.fromFunctionArn(stack, 'Api', 'arn:aws:lambda:us-west-2:123456789012:function:shop-api');
  const apiErrors = cloudwatch.Alarm.fromAlarmArn(stack, 'ApiErrors', 'arn:aws:cloudwatch:us-west-2:123456789012:alarm:shop-api-errors');
  const smoke = lambda.Function.fromFunctionArn(stack, 'Smoke', 'arn:aws:lambda:us-west-2:123456789012:function:shop-smoke');
  const checks = sfn.StateMachine.fromStateMachineArn(stack, 'Checks', 'arn:aws:states:us-west-2:123456789012:stateMachine:shop-checks');
  const release = codepipeline.Pipeline.fromPipelineArn(stack, 'Release', 'arn:aws:codepipeline:us-west-2:123456789012:shop-release');

  const delivery = new DeliveryPipeline(stack, 'Shop', {
    stageStacks,
    source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION, codeBuildCloneOutput: true }),
    additionalSources: [
      Source.codeCommit(repo, 'main', { codeBuildCloneOutput: true }),
      Source.s3(bucket, 'drops/assets.zip', { triggerOnUpload: false }),
      Source.ecr(images, { imageTag: 'release' }),
    ],
    buildStep: Build.codeBuild({
      commands: ['make'],
      extraInputs: [PipelineArtifact.fromStep('Config')],
      additionalOutputs: [{ name: 'Docs', directory: 'site' }],
      exportedVariables: ['VERSION'],
      variablesNamespace: 'Build',
      secrets: { NPM_TOKEN: npmToken },
    }),
    tests: [
      Test.codeBuild({ actionName: 'Unit', commands: ['make test'], reports: [{ name: 'junit', files: ['reports/*.xml'] }] }),
      Test.deviceFarm({
        projectArn: 'arn:aws:devicefarm:us-west-2:123456789012:project:eec4905f-98f8-40aa-9afc-4c1cfexample',
        devicePoolArn: 'arn:aws:devicefarm:us-west-2::devicepool:eec4905f-98f8-40aa-9afc-4c1cfexample/0123abcd',
        appType: DeviceFarmAppType.ANDROID,
        app: 'app.apk',
        testType: DeviceFarmTestType.APPIUM_PYTHON,
        test: 'tests.zip',
      }),
      Test.inspectorSourceScan({ mediumThreshold: 10 }),
      Test.inspectorImageScan(images, { imageTag: 'release' }),
      Test.jenkins({ provider: jenkins, projectName: 'shop-e2e' }),
      Test.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'BlazeMeter', configuration: { ProjectId: '1234' } }),
    ],
    approval: Approval.manual({ reviewUrl: 'https://staging.shop.example', comment: 'Check staging', timeout: Duration.hours(8) }),
    deploy: Deploy.cloudFormation({ stackName: 'shop-prod', templatePath: 'cdk.out/Shop.template.json', deploymentRole, useChangeSet: true }),
    invoke: Invoke.lambdaFunction(smoke, { userParameters: { url: 'https://shop.example' }, variablesNamespace: 'Smoke' }),
    stages: [
      {
        stageName: 'Package',
        steps: [
          Build.commands({ commands: ['npm ci', 'npm run package'], outputFiles: ['dist/**/*'], secrets: { NPM_TOKEN: npmToken } }),
          Build.ecrBuildAndPublish(images, { dockerfileDirectory: 'web' }),
          Build.jenkins({ provider: jenkins, projectName: 'shop-package' }),
          Build.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'TeamCity', configuration: { BuildConfigurationID: 'Shop_Build' } }),
        ],
      },
      {
        stageName: 'Release',
        steps: [
          Deploy.ecs({ service, taskDefinition }),
          Deploy.codeDeployServer({ deploymentGroup: serverGroup }),
          Deploy.codeDeployEcs({ deploymentGroup: ecsGroup, taskDefinition, images: [{ input: PipelineArtifact.fromStep('Images') }] }),
          Deploy.lambdaFunction(api, { alias: 'live', deployStrategy: LambdaDeployStrategy.linear(10, 1), alarms: [apiErrors] }),
          Deploy.elasticBeanstalk({ applicationName: 'shop', environmentName: 'shop-prod' }),
          Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'], namespace: 'shop' }),
          Deploy.ec2({ instanceTagKey: 'App', instanceTagValue: 'shop', targetDirectory: '/opt/shop', postScript: 'scripts/start.sh', targetGroupNames: ['shop-web'] }),
          Deploy.appConfig({ applicationId: 'app1234', environmentId: 'env5678', configurationProfileId: 'prof9012', configurationPath: 'config/flags.json' }),
          Deploy.serviceCatalog({ productId: 'prod-abc123', templatePath: 'product.json', productVersionName: 'v2' }),
          Deploy.s3({ bucket: site, input: PipelineArtifact.fromStep('Build_Docs') }),
        ],
      },
      {
        stageName: 'Fleet',
        sequential: true,
        steps: [
          Deploy.cloudFormationStackSet({ stackSetName: 'shop-baseline', templatePath: 'baseline.json', accounts: ['111111111111'], regions: ['us-west-2'] }),
          Deploy.cloudFormationStackInstances({ stackSetName: 'shop-baseline', accounts: ['222222222222'], regions: ['us-west-2'] }),
          Deploy.cloudFormationDelete({ stackName: 'shop-preview', deploymentRole }),
        ],
      },
      {
        stageName: 'Notify',
        steps: [
          Invoke.stepFunctions(checks, { inputFile: 'sfn/input.json' }),
          Invoke.pipeline(release, { variables: { version: '#{Build.VERSION}' } }),
        ],
      },
    ],
  });
  Validations.of(delivery).acknowledge(...ALL_PROVIDERS_ACKNOWLEDGEMENTS, ...COMPLIANCE_PACK_ACKNOWLEDGEMENTS);
  return stack;
}

