import { Match, Template } from 'aws-cdk-lib/assertions';
import { actionsOf, spec, specError, stage, synthSpec } from './helpers';
import { DeliveryPipeline, MissingValues } from '../../src';
import { CONNECTION_ARN, importedService, testStack } from '../util';

const BUILD = `name: Compile
actionType: Build
provider: CodeBuild
commands: [make]
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: App }]`;

describe('spec providers: builds and tests', () => {
  let actions: Record<string, any>;
  let template: Template;
  beforeAll(() => {
    ({ template } = synthSpec(spec(
      stage('Build', `name: Cmds
actionType: Compute
provider: Commands
commands: [npm ci, npm run build]
outputVariables: [VERSION]
namespace: Cmds
variables: { STAGE: prod }
secrets: { NPM_TOKEN: shop/npm-token }
configuration: { EnvironmentType: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_MEDIUM }
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: Dist, files: ['dist/**/*'] }]`, `name: BuildCmds
actionType: Build
provider: Commands
commands: [make]
inputArtifacts: [{ name: Src }]`, `name: Image
actionType: Build
provider: ECRBuildAndPublish
configuration: { ECRRepositoryName: shop-web, DockerFilePath: services/web, ImageTags: 'latest,#{codepipeline.PipelineExecutionId}', RegistryType: private }
inputArtifacts: [{ name: Src }]`, BUILD, `name: JenkinsBuild
actionType: Build
owner: Custom
provider: Jenkins
version: 2
configuration: { ProjectName: shop-build }
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: JenkinsOut }]`)
      + stage('Test', `name: Devices
actionType: Test
provider: DeviceFarm
configuration:
  ProjectId: eec4905f-98f8-40aa-9afc-4c1cfexample
  DevicePoolArn: arn:aws:devicefarm:us-west-2:111111111111:devicepool:eec4905f-98f8-40aa-9afc-4c1cfexample/0a1b2c3d
  AppType: Android
  App: app-release.apk
  TestType: APPIUM_PYTHON
  Test: tests.zip
  RecordVideo: false
  RadioWifiEnabled: 'false'
  RadioGpsEnabled: false
  RadioNfcEnabled: true
  JobTimeoutMinutes: '30'
  AppiumVersion: 1.7.2
  FuzzEventCount: '6000'
  FuzzEventThrottle: 50
  FuzzRandomizerSeed: '1234'
  CustomHostMachineArtifacts: host/artifacts
  CustomDeviceArtifacts: /sdcard/artifacts
  UnmeteredDevicesOnly: 'true'
  Latitude: '47.6204'
  Longitude: '-122.3491'
inputArtifacts: [{ name: App }]`, `name: SourceScan
actionType: Invoke
provider: InspectorScan
configuration: { InspectorRunMode: SourceCodeScan, CriticalThreshold: 0, HighThreshold: '2' }
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: Sbom }]`, `name: ImageScan
actionType: Invoke
provider: InspectorScan
configuration: { InspectorRunMode: ECRImageScan, ECRRepositoryName: shop-web, ImageTag: release, MediumThreshold: 5 }
outputArtifacts: [{ name: ImageSbom }]`, `name: Load
actionType: Test
owner: ThirdParty
provider: BlazeMeter
configuration: { ProjectId: '1234' }
inputArtifacts: [{ name: App }]`))));
    actions = actionsOf(template);
  });

  test('Commands (Compute or Build) becomes Build.commands', () => {
    expect(actions.Cmds).toMatchObject({
      ActionTypeId: { Category: 'Compute', Owner: 'AWS', Provider: 'Commands', Version: '1' },
      Commands: ['npm ci', 'npm run build'],
      OutputVariables: ['VERSION'],
      Namespace: 'Cmds',
      Configuration: { EnvironmentType: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_MEDIUM' },
      OutputArtifacts: [{ Files: ['dist/**/*'] }],
    });
    expect(actions.Cmds.EnvironmentVariables).toEqual(expect.arrayContaining([
      { Name: 'STAGE', Type: 'PLAINTEXT', Value: 'prod' },
      expect.objectContaining({ Name: 'NPM_TOKEN', Type: 'SECRETS_MANAGER' }),
    ]));
    // Declared in category Build, it stays there (CodePipeline takes Commands in Compute and Build).
    expect(actions.BuildCmds).toMatchObject({ ActionTypeId: { Category: 'Build', Provider: 'Commands' }, Commands: ['make'] });
    expect(actions.BuildCmds.OutputArtifacts ?? []).toEqual([]);
  });

  test('ECRBuildAndPublish pushes to the named repository', () => {
    expect(actions.Image).toMatchObject({
      ActionTypeId: { Category: 'Build', Provider: 'ECRBuildAndPublish' },
      Configuration: { ECRRepositoryName: 'shop-web', DockerFilePath: 'services/web', ImageTags: 'latest,#{codepipeline.PipelineExecutionId}', RegistryType: 'private' },
    });
  });

  test('DeviceFarm: the project ARN comes from ProjectId and the pool ARN; every key of the action reference is rendered', () => {
    expect(actions.Devices).toMatchObject({
      ActionTypeId: { Category: 'Test', Provider: 'DeviceFarm' },
      Configuration: {
        ProjectId: 'eec4905f-98f8-40aa-9afc-4c1cfexample',
        AppType: 'Android',
        App: 'app-release.apk',
        TestType: 'APPIUM_PYTHON',
        Test: 'tests.zip',
        RecordVideo: 'false',
        RecordAppPerformanceData: 'true',
        RadioWifiEnabled: 'false',
        RadioGpsEnabled: 'false',
        // Each radio on its own (the library used to switch the four together).
        RadioNfcEnabled: 'true',
        RadioBluetoothEnabled: 'true',
        JobTimeoutMinutes: '30',
        AppiumVersion: '1.7.2',
        FuzzEventCount: '6000',
        FuzzEventThrottle: '50',
        FuzzRandomizerSeed: '1234',
        CustomHostMachineArtifacts: 'host/artifacts',
        CustomDeviceArtifacts: '/sdcard/artifacts',
        UnmeteredDevicesOnly: 'true',
        Latitude: '47.6204',
        Longitude: '-122.3491',
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Resource: Match.arrayWith(['arn:aws:devicefarm:us-west-2:111111111111:project:eec4905f-98f8-40aa-9afc-4c1cfexample']),
        })]),
      },
    });
  });

  test('InspectorScan: source code and ECR image modes', () => {
    expect(actions.SourceScan).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Provider: 'InspectorScan' },
      Configuration: { InspectorRunMode: 'SourceCodeScan', CriticalThreshold: 0, HighThreshold: 2 },
    });
    expect(actions.ImageScan).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Provider: 'InspectorScan' },
      Configuration: { InspectorRunMode: 'ECRImageScan', ECRRepositoryName: 'shop-web', ImageTag: 'release', MediumThreshold: 5 },
    });
  });

  test('owner Custom and ThirdParty become Build.custom and Test.custom', () => {
    expect(actions.JenkinsBuild).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'Custom', Provider: 'Jenkins', Version: '2' },
      Configuration: { ProjectName: 'shop-build' },
    });
    expect(actions.JenkinsBuild.OutputArtifacts).toHaveLength(1);
    expect(actions.JenkinsBuild.RoleArn).toBeUndefined();
    expect(actions.Load).toMatchObject({
      ActionTypeId: { Category: 'Test', Owner: 'ThirdParty', Provider: 'BlazeMeter', Version: '1' },
      Configuration: { ProjectId: '1234' },
      InputArtifacts: [{ Name: 'Compile_Output' }],
    });
  });
});

describe('spec providers: deploys and invokes', () => {
  let actions: Record<string, any>;
  let template: Template;
  beforeAll(() => {
    const stack = testStack();
    const { taskDefinition } = importedService(stack);
    const text = spec(stage('Build', BUILD)
      + stage('Deploy', `name: Servers
actionType: Deploy
provider: CodeDeploy
configuration: { ApplicationName: shop, DeploymentGroupName: shop-prod }
inputArtifacts: [{ name: App }]`, `name: BlueGreen
actionType: Deploy
provider: CodeDeployToECS
configuration:
  ApplicationName: shop
  DeploymentGroupName: shop-web
  TaskDefinitionTemplateArtifact: App
  TaskDefinitionTemplatePath: taskdef.json
  AppSpecTemplateArtifact: App
  AppSpecTemplatePath: appspec.yaml
  Image1ArtifactName: Src
  Image1ContainerName: IMAGE1_NAME
inputArtifacts: [{ name: App }, { name: Src }]`, `name: Beanstalk
actionType: Deploy
provider: ElasticBeanstalk
configuration: { ApplicationName: shop, EnvironmentName: shop-prod }
inputArtifacts: [{ name: App }]`, `name: Api
actionType: Deploy
provider: Lambda
configuration: { FunctionName: shop-api, FunctionAlias: live, DeployStrategy: Linear10PercentEvery1Minute, Alarms: 'api-errors,api-latency' }
inputArtifacts: [{ name: App }]`, `name: Preview
actionType: Deploy
provider: CloudFormation
configuration: { ActionMode: DELETE_ONLY, StackName: shop-preview, RoleArn: 'arn:aws:iam::111111111111:role/cfn-deploy' }`, `name: Stack
actionType: Deploy
provider: CloudFormation
configuration: { ActionMode: REPLACE_ON_FAILURE, StackName: shop-dev, TemplatePath: 'App::t.json', RoleArn: 'arn:aws:iam::111111111111:role/cfn-deploy' }
inputArtifacts: [{ name: App }]`, `name: Baseline
actionType: Deploy
provider: CloudFormationStackSet
configuration:
  StackSetName: baseline
  TemplatePath: App::baseline.json
  DeploymentTargets: '111111111111,222222222222'
  Regions: eu-west-1,us-east-1
  Parameters: ParameterKey=Env,ParameterValue=prod
  Capabilities: CAPABILITY_NAMED_IAM
  PermissionModel: SELF_MANAGED
  FailureTolerancePercentage: 10
inputArtifacts: [{ name: App }]`, `name: Flags
actionType: Deploy
provider: AppConfig
configuration: { Application: abc1234, Environment: def5678, ConfigurationProfile: ghi9012, InputArtifactConfigurationPath: flags.json }
inputArtifacts: [{ name: Src }]`, `name: Kube
actionType: Deploy
provider: EKS
configuration: { ClusterName: shop, HelmReleaseName: web, HelmChartLocation: charts/web, HelmValuesFiles: 'values.yaml,prod.yaml', Namespace: shop, Subnets: 'subnet-0123456789abcdef0', SecurityGroupIds: sg-0123456789abcdef0 }
environmentVariables: [{ name: IMAGE_TAG, value: v1.0 }]
inputArtifacts: [{ name: Src }]`, `name: SpecFleet
actionType: Deploy
provider: EC2
configuration: { InstanceTagKey: Name, InstanceTagValue: my-instances, InstanceType: SSM_MANAGED_NODE, DeploySpec: deployspec.yaml }
inputArtifacts: [{ name: App }]`, `name: Promote
actionType: Deploy
provider: Lambda
configuration: { FunctionName: 'arn:aws:lambda:eu-west-1:111111111111:function:shop-api', FunctionAlias: live, PublishedTargetVersion: '7', DeployStrategy: Canary10Percent5Minutes }`, `name: Fleet
actionType: Deploy
provider: EC2
configuration: { InstanceTagKey: App, InstanceTagValue: shop, TargetDirectory: /home/ec2-user/app, PostScript: scripts/start.sh, MaxBatch: '50%', MaxError: 1, TargetGroupNameList: web }
inputArtifacts: [{ name: App }]`, `name: Product
actionType: Deploy
provider: ServiceCatalog
configuration: { ProductId: prod-abcdefgh12345, TemplateFilePath: product.json, ProductVersionName: v1, ProductType: CLOUD_FORMATION_TEMPLATE }
inputArtifacts: [{ name: App }]`)
      + stage('Later', `name: Instances
actionType: Deploy
provider: CloudFormationStackInstances
configuration: { StackSetName: baseline, DeploymentTargets: ou-ab12-cdef3456, Regions: eu-west-1, ParameterOverrides: 'ParameterKey=Env,ParameterValue=test' }`, `name: Next
actionType: Invoke
provider: CodePipeline
configuration:
  PipelineName: shop-deploy
  Variables: '[{"name": "version", "value": "1.2"}]'
  SourceRevisions: '[{"actionName": "Source", "revisionType": "COMMIT_ID", "revisionValue": "abc123"}]'`, `name: Custom
actionType: Deploy
owner: Custom
provider: XebiaLabs
inputArtifacts: [{ name: App }]`));
    DeliveryPipeline.fromFile(stack, 'App', { text, connections: { default: CONNECTION_ARN }, taskDefinitions: { 'shop-web': taskDefinition } });
    template = Template.fromStack(stack);
    actions = actionsOf(template);
  });

  test('CodeDeploy imports the deployment group by name', () => {
    expect(actions.Servers).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Provider: 'CodeDeploy' },
      Configuration: { ApplicationName: 'shop', DeploymentGroupName: 'shop-prod' },
    });
  });

  test('CodeDeployToECS: template, AppSpec and image keys', () => {
    expect(actions.BlueGreen).toMatchObject({
      ActionTypeId: { Provider: 'CodeDeployToECS' },
      Configuration: {
        ApplicationName: 'shop',
        DeploymentGroupName: 'shop-web',
        TaskDefinitionTemplateArtifact: 'Compile_Output',
        TaskDefinitionTemplatePath: 'taskdef.json',
        AppSpecTemplatePath: 'appspec.yaml',
        Image1ArtifactName: 'Checkout_Output',
        Image1ContainerName: 'IMAGE1_NAME',
      },
    });
  });

  test('ElasticBeanstalk, Lambda deploy, AppConfig, ServiceCatalog', () => {
    expect(actions.Beanstalk).toMatchObject({ ActionTypeId: { Provider: 'ElasticBeanstalk' }, Configuration: { ApplicationName: 'shop', EnvironmentName: 'shop-prod' } });
    expect(actions.Api).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Provider: 'Lambda' },
      Configuration: { FunctionAlias: 'live', DeployStrategy: 'Linear10PercentEvery1Minute', Alarms: 'api-errors,api-latency' },
    });
    // the function as the file names it
    expect(actions.Api.Configuration.FunctionName).toBe('shop-api');
    // A published version moved to the alias: no input artifact; a function given by ARN keeps its ARN
    expect(actions.Promote.InputArtifacts ?? []).toEqual([]);
    expect(actions.Promote.Configuration).toEqual({
      FunctionName: 'arn:aws:lambda:eu-west-1:111111111111:function:shop-api', FunctionAlias: 'live', PublishedTargetVersion: '7', DeployStrategy: 'Canary10Percent5Minutes',
    });
    expect(actions.Flags).toMatchObject({
      ActionTypeId: { Provider: 'AppConfig' },
      Configuration: { Application: 'abc1234', Environment: 'def5678', ConfigurationProfile: 'ghi9012', InputArtifactConfigurationPath: 'flags.json' },
    });
    expect(actions.Product).toMatchObject({
      ActionTypeId: { Provider: 'ServiceCatalog' },
      Configuration: { ProductId: 'prod-abcdefgh12345', TemplateFilePath: 'product.json', ProductVersionName: 'v1', ProductType: 'CLOUD_FORMATION_TEMPLATE' },
    });
  });

  test('CodeDeployToECS without a task definition, the AppSpec file in its own artifact; Service Catalog from a configuration file', () => {
    const { template: blueGreen } = synthSpec(spec(stage('Build', BUILD) + stage('Deploy', `name: BlueGreen
actionType: Deploy
provider: CodeDeployToECS
configuration:
  ApplicationName: shop
  DeploymentGroupName: shop-web
  TaskDefinitionTemplateArtifact: App
  AppSpecTemplateArtifact: Src
  AppSpecTemplatePath: deploy/appspec.yaml
inputArtifacts: [{ name: App }, { name: Src }]`, `name: Product
actionType: Deploy
provider: ServiceCatalog
configuration: { ProductId: prod-abcdefgh12345, ConfigurationFilePath: sample_config.json }
inputArtifacts: [{ name: App }]`)));
    const rendered = actionsOf(blueGreen);
    expect(rendered.BlueGreen.Configuration).toMatchObject({
      TaskDefinitionTemplateArtifact: 'Compile_Output', AppSpecTemplateArtifact: 'Checkout_Output', AppSpecTemplatePath: 'deploy/appspec.yaml',
    });
    expect(rendered.BlueGreen.InputArtifacts).toEqual([{ Name: 'Compile_Output' }, { Name: 'Checkout_Output' }]);
    expect(rendered.Product.Configuration).toEqual({ ProductId: 'prod-abcdefgh12345', ConfigurationFilePath: 'sample_config.json' });
    // No task definition named: any role of the account, passed to ECS tasks only.
    blueGreen.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'iam:PassRole',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/*']] },
          Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        })]),
      }),
    });
  });

  test('CloudFormation DELETE_ONLY and REPLACE_ON_FAILURE', () => {
    expect(actions.Preview).toMatchObject({ ActionTypeId: { Provider: 'CloudFormation' }, Configuration: { ActionMode: 'DELETE_ONLY', StackName: 'shop-preview' } });
    expect(actions.Preview.InputArtifacts ?? []).toEqual([]);
    expect(actions.Stack).toMatchObject({ Configuration: { ActionMode: 'REPLACE_ON_FAILURE', StackName: 'shop-dev', TemplatePath: 'Compile_Output::t.json' } });
  });

  test('CloudFormationStackSet and CloudFormationStackInstances', () => {
    expect(actions.Baseline.ActionTypeId.Provider).toBe('CloudFormationStackSet');
    expect(actions.Baseline.Configuration).toMatchObject({
      StackSetName: 'baseline',
      TemplatePath: 'Compile_Output::baseline.json',
      PermissionModel: 'SELF_MANAGED',
      Parameters: 'ParameterKey=Env,ParameterValue=prod',
      Capabilities: 'CAPABILITY_NAMED_IAM',
      FailureTolerancePercentage: '10',
    });
    expect(JSON.stringify(actions.Baseline.Configuration.DeploymentTargets)).toContain('222222222222');
    expect(actions.Instances).toMatchObject({
      ActionTypeId: { Provider: 'CloudFormationStackInstances' },
      Configuration: { StackSetName: 'baseline', ParameterOverrides: 'ParameterKey=Env,ParameterValue=test' },
    });
    expect(JSON.stringify(actions.Instances.Configuration)).toContain('ou-ab12-cdef3456');
  });

  test('EKS with Helm, subnets and security groups; EC2 by tag', () => {
    expect(actions.Kube).toMatchObject({
      ActionTypeId: { Provider: 'EKS' },
      Configuration: { ClusterName: 'shop', HelmReleaseName: 'web', HelmChartLocation: 'charts/web', HelmValuesFiles: 'values.yaml,prod.yaml', Namespace: 'shop' },
    });
    expect(actions.Kube.Configuration.SecurityGroupIds).toBe('sg-0123456789abcdef0');
    expect(JSON.stringify(actions.Kube.Configuration.Subnets)).toContain('subnet-0123456789abcdef0');
    // CodePipeline receives the name as given; the role may deregister from target groups of that name only
    expect(actions.Fleet.Configuration.TargetGroupNameList).toBe('web');
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/*']] },
        })]),
      },
    });
    expect(actions.Kube.EnvironmentVariables).toEqual([{ Name: 'IMAGE_TAG', Value: 'v1.0', Type: 'PLAINTEXT' }]);
    expect(actions.SpecFleet.Configuration).toEqual({ InstanceTagKey: 'Name', InstanceTagValue: 'my-instances', InstanceType: 'SSM_MANAGED_NODE', DeploySpec: 'deployspec.yaml' });
    expect(actions.Fleet).toMatchObject({
      ActionTypeId: { Provider: 'EC2' },
      Configuration: { InstanceTagKey: 'App', InstanceTagValue: 'shop', MaxBatch: '50%', MaxError: '1' },
    });
  });

  test('CodePipeline invoke and a custom deploy', () => {
    expect(actions.Next).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Provider: 'CodePipeline' },
      Configuration: {
        PipelineName: 'shop-deploy',
        Variables: '[{"name":"version","value":"1.2"}]',
        SourceRevisions: '[{"actionName":"Source","revisionType":"COMMIT_ID","revisionValue":"abc123"}]',
      },
    });
    expect(actions.Custom).toMatchObject({ ActionTypeId: { Category: 'Deploy', Owner: 'Custom', Provider: 'XebiaLabs' }, InputArtifacts: [{ Name: 'Compile_Output' }] });
  });
});

describe('spec providers: configuration errors', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['Commands without commands', 'name: X\nactionType: Build\nprovider: Commands\ninputArtifacts: [{ name: Src }]',
      /stages\[1\]\.actions\[0\] \(line 15, column 11\): a Commands action runs the shell commands of its 'commands' list/],
    ['Commands compute type', 'name: X\nactionType: Build\nprovider: Commands\ncommands: [make]\nconfiguration: { ComputeType: SMALL }\ninputArtifacts: [{ name: Src }]',
      /configuration\.ComputeType \(line 19, column 28\): 'ComputeType' must be one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE, got 'SMALL'/],
    ['Commands too many', `name: X\nactionType: Build\nprovider: Commands\ncommands: [${Array.from({ length: 51 }, (_, i) => `c${i}`).join(', ')}]\ninputArtifacts: [{ name: Src }]`,
      /give 1 to 50 commands, got 51/],
    ['Commands blank command', "name: X\nactionType: Build\nprovider: Commands\ncommands: [make, ' ']\ninputArtifacts: [{ name: Src }]",
      /commands\[1\] must be a single line of 1 to 1000 characters, got ' '/],
    ['Commands Windows on SMALL', 'name: X\nactionType: Build\nprovider: Commands\ncommands: [make]\nconfiguration: { EnvironmentType: WINDOWS_SERVER_2022_CONTAINER }\ninputArtifacts: [{ name: Src }]',
      /environmentType WINDOWS_SERVER_2022_CONTAINER does not run on the default computeType SMALL/],
    ['Commands output without files', 'name: X\nactionType: Build\nprovider: Commands\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: Out }]',
      /a Commands action exports the files listed in its output artifact/],
    ['Commands spec-level computeType', 'name: X\nactionType: Build\nprovider: Commands\ncommands: [make]\ncomputeType: LARGE\ninputArtifacts: [{ name: Src }]',
      /actions\[0\]\.computeType \(line 19, column 11\): 'computeType' does not apply to Commands actions: remove it/],
    ['outputVariables on CodeBuild', 'name: X\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\noutputVariables: [V]\ninputArtifacts: [{ name: Src }]',
      /'outputVariables' does not apply to AWS CodeBuild actions: remove it/],
    ['files on CodeBuild', "name: X\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: O, files: ['a'] }]",
      /only Commands actions choose the files of their output artifact/],
    ['ECRBuildAndPublish repository', 'name: X\nactionType: Build\nprovider: ECRBuildAndPublish\ninputArtifacts: [{ name: Src }]',
      /configuration 'ECRRepositoryName' is required for this provider \(e\.g\. 'shop-web'\)/],
    ['DeviceFarm test type', "name: X\nactionType: Test\nprovider: DeviceFarm\nconfiguration: { ProjectId: p, DevicePoolArn: 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p/q', AppType: Web, TestType: APPIUM_PYTON, Test: t.zip }\ninputArtifacts: [{ name: Src }]",
      /'TestType' must be one of .* \(did you mean 'APPIUM_PYTHON'\?\), got 'APPIUM_PYTON'/],
    ['DeviceFarm app', "name: X\nactionType: Test\nprovider: DeviceFarm\nconfiguration: { ProjectId: p, DevicePoolArn: 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p/q', AppType: Android, TestType: BUILTIN_FUZZ }\ninputArtifacts: [{ name: Src }]",
      /configuration 'App' is required for this provider \(e\.g\. 'app-release\.apk' \(an iOS or Android test\)\)/],
    ['DeviceFarm fuzz events', "name: X\nactionType: Test\nprovider: DeviceFarm\nconfiguration: { ProjectId: p, DevicePoolArn: 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p/q', AppType: Web, TestType: BUILTIN_FUZZ, FuzzEventCount: 20000, Latitude: north }\ninputArtifacts: [{ name: Src }]",
      /'FuzzEventCount' must be a whole number from 1 to 10000, got '20000'[\s\S]*'Latitude' must be a number of degrees, got 'north'/],
    ['DeviceFarm location', "name: X\nactionType: Test\nprovider: DeviceFarm\nconfiguration: { ProjectId: p, DevicePoolArn: 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p/q', AppType: Web, TestType: BUILTIN_FUZZ, Longitude: '200' }\ninputArtifacts: [{ name: Src }]",
      /Test\.deviceFarm: longitude must be a number from -180 to 180, got 200/],
    ['DeviceFarm pool ARN with a third part', "name: X\nactionType: Test\nprovider: DeviceFarm\nconfiguration: { ProjectId: p, DevicePoolArn: 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p/q/r', AppType: Web, TestType: BUILTIN_FUZZ }\ninputArtifacts: [{ name: Src }]",
      /configuration\.DevicePoolArn \(line \d+, column \d+\): DevicePoolArn must be a Device Farm device pool ARN \('arn:aws:devicefarm:us-west-2:<account>:devicepool:<project id>\/<pool id>'\), got 'arn:aws:devicefarm:us-west-2:111111111111:devicepool:p\/q\/r'/],
    ['InspectorScan mode', 'name: X\nactionType: Invoke\nprovider: InspectorScan\nconfiguration: { InspectorRunMode: Source }\ninputArtifacts: [{ name: Src }]',
      /'InspectorRunMode' must be one of SourceCodeScan, ECRImageScan, got 'Source'/],
    ['InspectorScan threshold', 'name: X\nactionType: Invoke\nprovider: InspectorScan\nconfiguration: { InspectorRunMode: SourceCodeScan, HighThreshold: many }\ninputArtifacts: [{ name: Src }]',
      /'HighThreshold' must be a whole number from 0 to \d+, got 'many'/],
    ['InspectorScan image repository', 'name: X\nactionType: Invoke\nprovider: InspectorScan\nconfiguration: { InspectorRunMode: ECRImageScan }',
      /configuration 'ECRRepositoryName' is required/],
    ['CodeDeploy group', 'name: X\nactionType: Deploy\nprovider: CodeDeploy\nconfiguration: { ApplicationName: shop }\ninputArtifacts: [{ name: Src }]',
      /configuration 'DeploymentGroupName' is required for this provider/],
    ['CodeDeployToECS image numbers', 'name: X\nactionType: Deploy\nprovider: CodeDeployToECS\nconfiguration: { ApplicationName: a, DeploymentGroupName: g, TaskDefinitionTemplateArtifact: Src, AppSpecTemplateArtifact: Src, Image2ArtifactName: Src }\ninputArtifacts: [{ name: Src }]',
      /Image2ArtifactName follows no Image1ArtifactName: number the images from 1 without gaps/],
    ['CodeDeployToECS artifacts', 'name: X\nactionType: Deploy\nprovider: CodeDeployToECS\nconfiguration: { ApplicationName: a, DeploymentGroupName: g, TaskDefinitionTemplateArtifact: Src, AppSpecTemplateArtifact: Other, Image1ArtifactName: Scr }\ninputArtifacts: [{ name: Src }]',
      /AppSpecTemplateArtifact 'Other' is not among the action's inputArtifacts \(Src\)/],
    ['ElasticBeanstalk environment', 'name: X\nactionType: Deploy\nprovider: ElasticBeanstalk\nconfiguration: { ApplicationName: shop, EnviromentName: prod }\ninputArtifacts: [{ name: Src }]',
      /AWS Elastic Beanstalk deploy has no configuration key 'EnviromentName' \(did you mean 'EnvironmentName'\?\)/],
    ['Lambda deploy strategy', 'name: X\nactionType: Deploy\nprovider: Lambda\nconfiguration: { FunctionName: f, FunctionAlias: live, DeployStrategy: Canary10Percent }\ninputArtifacts: [{ name: Src }]',
      /DeployStrategy must be AllAtOnce, Canary<percent>Percent<minutes>Minutes or Linear<percent>PercentEvery<minutes>Minutes/],
    ['Lambda deploy without code or version', 'name: X\nactionType: Deploy\nprovider: Lambda\nconfiguration: { FunctionName: f }',
      /configuration 'PublishedTargetVersion' is required for this provider \(e\.g\. '#\{variables\.version\}' \(no input artifact is declared\)\)/],
    ['Lambda deploy alarms', `name: X\nactionType: Deploy\nprovider: Lambda\nconfiguration: { FunctionName: f, Alarms: '${Array.from({ length: 11 }, (_, i) => `a${i}`).join(',')}' }\ninputArtifacts: [{ name: Src }]`,
      /Alarms lists at most 10 alarms, got 11/],
    ['EKS secret variables', 'name: X\nactionType: Deploy\nprovider: EKS\nconfiguration: { ClusterName: c, ManifestFiles: k.yaml }\nenvironmentVariables: [{ name: DB, value: db-secret, type: SECRETS_MANAGER }]\ninputArtifacts: [{ name: Src }]',
      /environmentVariables\[0\] \(DB\) has type SECRETS_MANAGER: the library declares plaintext EKS variables only/],
    ['Lambda deploy alias', 'name: X\nactionType: Deploy\nprovider: Lambda\nconfiguration: { FunctionName: f, DeployStrategy: AllAtOnce }\ninputArtifacts: [{ name: Src }]',
      /'DeployStrategy' shifts an alias's traffic: add configuration 'FunctionAlias'/],
    ['CloudFormation CHANGE_SET_EXECUTE without a change set name', 'name: X\nactionType: Deploy\nprovider: CloudFormation\nconfiguration: { ActionMode: CHANGE_SET_EXECUTE, StackName: s, ChangeSetName: \'\' }\ninputArtifacts: [{ name: Src }]',
      /'ChangeSetName' must not be empty/],
    ['CloudFormation DELETE_ONLY template of an undeclared artifact', 'name: X\nactionType: Deploy\nprovider: CloudFormation\nconfiguration: { ActionMode: DELETE_ONLY, StackName: s, RoleArn: arn:aws:iam::111111111111:role/r, TemplatePath: Src::t.json }',
      /TemplatePath reads artifact 'Src', which is not among the action's inputArtifacts \(none\)/],
    ['CloudFormation parameter of an undeclared artifact', 'name: X\nactionType: Deploy\nprovider: CloudFormation\nconfiguration: { StackName: s, TemplatePath: Src::t.json, ParameterOverrides: \'{"B":{"Fn::GetArtifactAtt":["Other","BucketName"]}}\' }\ninputArtifacts: [{ name: Src }]',
      /ParameterOverrides reads artifact "Other", which is not among the action's inputArtifacts \(Src\)/],
    ['CloudFormation output without OutputFileName', 'name: X\nactionType: Deploy\nprovider: CloudFormation\nconfiguration: { StackName: s, TemplatePath: Src::t.json }\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: Out }]',
      /the output artifact of a CloudFormation action holds the stack's outputs file: add 'OutputFileName'/],
    ['StackSet targets', 'name: X\nactionType: Deploy\nprovider: CloudFormationStackSet\nconfiguration: { StackSetName: b, TemplatePath: Src::t.json, DeploymentTargets: \'111111111111,ou-ab12-cdef3456\', Regions: eu-west-1 }\ninputArtifacts: [{ name: Src }]',
      /DeploymentTargets lists accounts and organizational units together, got '111111111111,ou-ab12-cdef3456'/],
    ['StackSet permission model', 'name: X\nactionType: Deploy\nprovider: CloudFormationStackSet\nconfiguration: { StackSetName: b, TemplatePath: Src::t.json, DeploymentTargets: ou-ab12-cdef3456, Regions: eu-west-1, PermissionModel: SELF_MANAGED }\ninputArtifacts: [{ name: Src }]',
      /self-managed permissions deploy to 'accounts', not organizational units: give 'accounts' or use SERVICE_MANAGED/],
    ['StackSet targets without regions', 'name: X\nactionType: Deploy\nprovider: CloudFormationStackSet\nconfiguration: { StackSetName: b, TemplatePath: Src::t.json, DeploymentTargets: \'111111111111\' }\ninputArtifacts: [{ name: Src }]',
      /configuration 'Regions' is required for this provider \(e\.g\. 'eu-west-1,us-east-1' \(DeploymentTargets is given\)\)/],
    ['StackInstances regions', 'name: X\nactionType: Deploy\nprovider: CloudFormationStackInstances\nconfiguration: { StackSetName: b, DeploymentTargets: \'111111111111\', ParameterOverrides: \'Env=prod\' }',
      /configuration 'Regions' is required[\s\S]*ParameterOverrides must be written 'ParameterKey=Env,ParameterValue=prod/],
    ['AppConfig profile', 'name: X\nactionType: Deploy\nprovider: AppConfig\nconfiguration: { Application: a, Environment: e, InputArtifactConfigurationPath: c.json }\ninputArtifacts: [{ name: Src }]',
      /configuration 'ConfigurationProfile' is required/],
    ['EKS inputs', 'name: X\nactionType: Deploy\nprovider: EKS\nconfiguration: { ClusterName: c, ManifestFiles: k.yaml }',
      /actions\[0\] \(line 15, column 11\): a Deploy action of provider EKS takes exactly 1 input artifact\(s\), found 0: fix inputArtifacts/],
    ['CodeDeployToECS unused inputs', 'name: X\nactionType: Deploy\nprovider: CodeDeployToECS\nconfiguration: { ApplicationName: a, DeploymentGroupName: g, TaskDefinitionTemplateArtifact: Src, AppSpecTemplateArtifact: Src }\n'
      + 'inputArtifacts: [{ name: Src }, { name: Other }]',
    /input artifact Other is read by no key/],
    ['EKS manifests or helm', 'name: X\nactionType: Deploy\nprovider: EKS\nconfiguration: { ClusterName: c, ManifestFiles: k.yaml, HelmReleaseName: r }\ninputArtifacts: [{ name: Src }]',
      /give 'ManifestFiles' \(kubectl\) or the Helm keys \(HelmReleaseName, HelmChartLocation\), not both/],
    ['EC2 target directory and batch', 'name: X\nactionType: Deploy\nprovider: EC2\nconfiguration: { InstanceTagKey: App, TargetDirectory: app, PostScript: s.sh, MaxBatch: half }\ninputArtifacts: [{ name: Src }]',
      /TargetDirectory must be an absolute path, got 'app'[\s\S]*MaxBatch is a number of instances \(e\.g\. '2'\) or a percentage/],
    ['EC2 target groups are named, not ARNs', 'name: X\nactionType: Deploy\nprovider: EC2\nconfiguration: { InstanceTagKey: App, TargetDirectory: /app, PostScript: s.sh, TargetGroupNameList: \'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/web/0123456789abcdef\' }\ninputArtifacts: [{ name: Src }]',
      /TargetGroupNameList lists target group names, got the ARN 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup\/web\/0123456789abcdef': give its name/],
    ['EC2 scripts or deploy spec', 'name: X\nactionType: Deploy\nprovider: EC2\nconfiguration: { InstanceTagKey: App, PreScript: s.sh }\ninputArtifacts: [{ name: Src }]',
      /configuration 'TargetDirectory' is required for this provider \(e\.g\. '\/home\/ec2-user\/app' \(no DeploySpec is given\)\)[\s\S]*configuration 'PostScript' is required/],
    ['ServiceCatalog product', 'name: X\nactionType: Deploy\nprovider: ServiceCatalog\nconfiguration: { ProductId: shop, TemplateFilePath: t.json, ProductVersionName: v1 }\ninputArtifacts: [{ name: Src }]',
      /Deploy\.serviceCatalog: productId must look like 'prod-abcdefgh12345', got 'shop'/],
    ['ServiceCatalog version name', 'name: X\nactionType: Deploy\nprovider: ServiceCatalog\nconfiguration: { ProductId: prod-abc, TemplateFilePath: t.json }\ninputArtifacts: [{ name: Src }]',
      /configuration 'ProductVersionName' is required for this provider \(e\.g\. 'v#\{codepipeline\.PipelineExecutionId\}' \(no ConfigurationFilePath\)\)/],
    ['ServiceCatalog product type', 'name: X\nactionType: Deploy\nprovider: ServiceCatalog\nconfiguration: { ProductId: prod-abc, ConfigurationFilePath: c.json, ProductType: CLOUDFORMATION }\ninputArtifacts: [{ name: Src }]',
      /'ProductType' must be one of CLOUD_FORMATION_TEMPLATE, .*got 'CLOUDFORMATION'/],
    ['CodePipeline variables', "name: X\nactionType: Invoke\nprovider: CodePipeline\nconfiguration: { PipelineName: p, Variables: '{\"version\": \"1\"}' }",
      /'Variables' must be a JSON array of \{ name, value \} objects/],
    ['CodePipeline revision types', 'name: X\nactionType: Invoke\nprovider: CodePipeline\nconfiguration:\n  PipelineName: p\n  SourceRevisions: \'[{"actionName": "A", "revisionType": "COMMIT_IDS", "revisionValue": "1"}]\'',
      /SourceRevisions: revisionType 'COMMIT_IDS' is unknown \(did you mean 'COMMIT_ID'\?\): use COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID, S3_OBJECT_KEY/],
    ['custom approvals', 'name: X\nactionType: Approval\nowner: Custom\nprovider: MyApproval',
      /actions\[0\]\.owner \(line 17, column 11\): the spec builds Custom actions of type Build, Test, Deploy only, got an Approval action/],
    ['AWS versions', 'name: X\nactionType: Deploy\nprovider: S3\nversion: 2\nconfiguration: { BucketName: shop-site }\ninputArtifacts: [{ name: Src }]',
      /AWS action types have version 1, got '2'/],
    ['Jenkins as AWS', 'name: X\nactionType: Build\nprovider: Jenkins\ninputArtifacts: [{ name: Src }]',
      /provider 'Jenkins': use CodeBuild, Commands, ECRBuildAndPublish \(a Jenkins, custom or third-party action type: set owner to Custom or ThirdParty\)/],
  ];
  test.each(cases)('%s', (_, action, message) => {
    // A value left out is an error here (by default it becomes a deploy-time parameter).
    expect(specError(spec(stage('Later', action)), { missingValues: MissingValues.ERROR })).toMatch(message);
  });
});

describe('CloudFormation and StackSets actions load as declared (issue 10)', () => {
  const loaded = (action: string) => {
    const { template } = synthSpec(spec(stage('Later', action)));
    const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
    return stages.find((st: any) => st.Name === 'Later').Actions[0];
  };

  test('CHANGE_SET_EXECUTE as its own action keeps every key it is given', () => {
    const action = loaded(`name: Execute
actionType: Deploy
provider: CloudFormation
inputArtifacts: [{ name: Src }]
configuration:
  ActionMode: CHANGE_SET_EXECUTE
  StackName: shop
  ChangeSetName: review
  RoleArn: arn:aws:iam::111111111111:role/cfn
  Capabilities: CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND
  ParameterOverrides: '{"Env": "prod"}'
  TemplatePath: Src::t.yaml
  TemplateConfiguration: Src::c.json`);
    expect(action.Configuration).toEqual({
      ActionMode: 'CHANGE_SET_EXECUTE',
      StackName: 'shop',
      ChangeSetName: 'review',
      RoleArn: 'arn:aws:iam::111111111111:role/cfn',
      Capabilities: 'CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
      ParameterOverrides: '{"Env":"prod"}',
      TemplatePath: 'Checkout_Output::t.yaml',
      TemplateConfiguration: 'Checkout_Output::c.json',
    });
    expect(action.InputArtifacts).toEqual([{ Name: 'Checkout_Output' }]);
  });

  test('Fn::GetArtifactAtt and Fn::GetParam name the artifacts as the library names them', () => {
    const action = loaded(`name: Stack
actionType: Deploy
provider: CloudFormation
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: StackOut }]
configuration:
  StackName: shop
  TemplatePath: Src::t.yaml
  OutputFileName: out.json
  ParameterOverrides: '{"B":{"Fn::GetArtifactAtt":["Src","BucketName"]},"V":{"Fn::GetParam":["Src","v.json","version"]},"N":3}'`);
    expect(JSON.parse(action.Configuration.ParameterOverrides)).toEqual({
      B: { 'Fn::GetArtifactAtt': ['Checkout_Output', 'BucketName'] },
      V: { 'Fn::GetParam': ['Checkout_Output', 'v.json', 'version'] },
      N: 3,
    });
    expect(action.Configuration).toMatchObject({ ActionMode: 'CREATE_UPDATE', OutputFileName: 'out.json' });
    expect(action.Configuration.RoleArn).toBeUndefined();
    expect(action.OutputArtifacts).toHaveLength(1);
  });

  test('stack set targets and parameters from files, parameters kept with UsePreviousValue', () => {
    const action = loaded(`name: Baseline
actionType: Deploy
provider: CloudFormationStackSet
inputArtifacts: [{ name: Src }]
configuration:
  StackSetName: baseline
  TemplatePath: Src::t.yaml
  Parameters: ParameterKey=Env,ParameterValue=prod ParameterKey=Size,UsePreviousValue=true
  DeploymentTargets: Src::accounts.json
  Regions: eu-west-1,us-east-1
  PermissionModel: SELF_MANAGED
  AdministrationRoleArn: arn:aws:iam::111111111111:role/admin
  ExecutionRoleName: Exec`);
    expect(action.Configuration).toMatchObject({
      Parameters: 'ParameterKey=Env,ParameterValue=prod ParameterKey=Size,UsePreviousValue=true',
      DeploymentTargets: 'Checkout_Output::accounts.json',
      Regions: 'eu-west-1,us-east-1',
      AdministrationRoleArn: 'arn:aws:iam::111111111111:role/admin',
      ExecutionRoleName: 'Exec',
    });
    expect(action.Configuration.Capabilities).toBeUndefined();
  });

  test('stack instances keep an input no key reads, and read overrides from a file', () => {
    const action = loaded(`name: Instances
actionType: Deploy
provider: CloudFormationStackInstances
inputArtifacts: [{ name: Src }]
configuration: { StackSetName: baseline, DeploymentTargets: '1111,2222', Regions: us-east-1, ParameterOverrides: 'Src::overrides.json' }`);
    expect(action.InputArtifacts).toEqual([{ Name: 'Checkout_Output' }]);
    expect(action.Configuration).toMatchObject({ DeploymentTargets: '1111,2222', ParameterOverrides: 'Checkout_Output::overrides.json' });
  });
});
