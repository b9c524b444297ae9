import { Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ARTIFACT_READ, actionDeclaration, actionRoleStatements, allowedActions, partitionArn, synthWith, wildcardActions } from './helpers';
import { ArtifactParameter, Deploy, LambdaDeployStrategy, PipelineArtifact, ServiceCatalogProductType, StackSetPermissionModel } from '../../src';
import { importedService } from '../util';

const deploymentRole = (stack: Stack) => iam.Role.fromRoleName(stack, 'CfnRole', 'cfn-deployer');

describe('Deploy.eks', () => {
  test('declares the EKS action with kubectl manifests and grants DescribeCluster on the cluster only', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml', 'k8s/svc.yaml'], namespace: 'shop', input: PipelineArtifact.BUILD_OUTPUT }),
    }));
    expect(actionDeclaration(template, 'DeployEKS')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'EKS', Version: '1' },
      Configuration: { ClusterName: 'shop', ManifestFiles: 'k8s/app.yaml,k8s/svc.yaml', Namespace: 'shop' },
      InputArtifacts: [{ Name: 'Build_Output' }],
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployEKS');
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'eks:DescribeCluster',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/shop']] },
    }));
    expect(allowedActions(statements)).toEqual([...ARTIFACT_READ, 'eks:DescribeCluster', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'].sort());
    expect(wildcardActions(statements)).toEqual([]);
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: 'shop',
      AccessPolicies: [{
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSEditPolicy']] },
        AccessScope: { Type: 'namespace', Namespaces: ['shop'] },
      }],
    });
  });

  test('declares a Helm chart and the VPC settings, with network interface permissions scoped to the subnets', () => {
    const { template } = synthWith(stack => {
      const subnet = ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0123');
      const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Group', 'sg-0456');
      return {
        deploy: Deploy.eks({
          clusterName: 'shop',
          helmChart: { releaseName: 'shop', chartLocation: 'chart', valuesFiles: ['prod.yaml'] },
          subnets: [subnet],
          securityGroups: [group],
          grantClusterAccess: false,
        }),
      };
    });
    expect(actionDeclaration(template, 'DeployEKS').Configuration).toEqual({
      ClusterName: 'shop',
      HelmReleaseName: 'shop',
      HelmChartLocation: 'chart',
      HelmValuesFiles: 'prod.yaml',
      // No Namespace given: none is written (kubectl and helm use the default namespace)
      Subnets: 'subnet-0123',
      SecurityGroupIds: 'sg-0456',
    });
    template.resourceCountIs('AWS::EKS::AccessEntry', 0);
    const statements = actionRoleStatements(template, 'Deploy', 'DeployEKS');
    expect(wildcardActions(statements)).toEqual(['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs']);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'ec2:CreateNetworkInterfacePermission',
      Condition: { ArnEquals: { 'ec2:Subnet': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:111111111111:subnet/subnet-0123']] }] } },
    }));
  });

  test('rejects both or neither of manifests and chart', () => {
    expect(() => Deploy.eks({ clusterName: 'shop' })).toThrow(/give exactly one of 'manifestFiles' \(kubectl\) or 'helmChart' \(helm\), got neither/);
  });

  test('is a synth error in a V1 pipeline, naming the provider', () => {
    expect(() => synthWith(() => ({
      pipelineType: codepipeline.PipelineType.V1,
      deploy: Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'] }),
    }))).toThrow(/action 'DeployEKS' uses the EKS provider, which CodePipeline offers only in V2 pipelines, but the pipeline is V1: set 'pipelineType: PipelineType.V2'/);
  });
});

describe('Deploy.eks environment', () => {
  test("declares the action's environment variables, which replace variables in the manifests", () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'], environment: { IMAGE_TAG: 'v1.0' }, variablesNamespace: 'Kube' }),
    }));
    expect(actionDeclaration(template, 'DeployEKS').Namespace).toBe('Kube');
    expect(actionDeclaration(template, 'DeployEKS').EnvironmentVariables).toEqual([{ Name: 'IMAGE_TAG', Value: 'v1.0', Type: 'PLAINTEXT' }]);
  });

  test('rejects a variable name CodePipeline does not take', () => {
    expect(() => Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'], environment: { 'IMAGE-TAG': 'v1' } }))
      .toThrow(/environment variable names are 1 to 128 letters, digits or '_', got 'IMAGE-TAG'/);
  });

  test('rejects a plaintext variable that looks like a secret', () => {
    expect(() => Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'], environment: { DB_PASSWORD: 'hunter2' } }))
      .toThrow(/environment\.DB_PASSWORD would be stored in plaintext in the pipeline: its name looks like a secret's/);
    // A value in a credential format, whatever the name; the EKS wording (secrets stay in the cluster), not CodeBuild's.
    expect(() => Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/app.yaml'], environment: { KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } }))
      .toThrow(/^Deploy\.eks: environment\.KEY_ID would be stored in plaintext in the pipeline: its value looks like an AWS access key id; keep secrets in the cluster \(a Kubernetes Secret\)/);
  });
});

describe('Deploy.appConfig', () => {
  test('declares the AppConfig action and grants deployments of that profile to that environment with that strategy only', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.appConfig({
        applicationId: 'app1234',
        environmentId: 'env5678',
        configurationProfileId: 'prof9012',
        configurationPath: 'config/flags.json',
        deploymentStrategyId: 'AppConfig.Linear50PercentEvery30Seconds',
      }),
    }));
    expect(actionDeclaration(template, 'DeployAppConfig')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'AppConfig', Version: '1' },
      Configuration: {
        Application: 'app1234',
        Environment: 'env5678',
        ConfigurationProfile: 'prof9012',
        InputArtifactConfigurationPath: 'config/flags.json',
        DeploymentStrategy: 'AppConfig.Linear50PercentEvery30Seconds',
      },
      InputArtifacts: [{ Name: 'S3Source_Output' }],
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployAppConfig');
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:appconfig:eu-west-1:111111111111:${name}`]] });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'appconfig:StartDeployment',
      Resource: [arn('application/app1234'), arn('application/app1234/environment/env5678'), arn('application/app1234/configurationprofile/prof9012'),
        arn('deploymentstrategy/AppConfig.Linear50PercentEvery30Seconds')],
    });
    // Regression: the deployment strategy is no resource type of GetDeployment or StopDeployment (that pair never allowed anything).
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['appconfig:GetDeployment', 'appconfig:StopDeployment'],
      Resource: [arn('application/app1234'), arn('application/app1234/environment/env5678'), arn('application/app1234/environment/env5678/deployment/*')],
    });
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('rejects an empty id', () => {
    expect(() => Deploy.appConfig({ applicationId: '', environmentId: 'e', configurationProfileId: 'p', configurationPath: 'c.json' }))
      .toThrow(/'applicationId' is '': give the AppConfig application to deploy/);
  });
});

describe('Deploy.lambdaFunction', () => {
  test('declares the Lambda deploy action with alias, strategy and alarms, granting that function, alias and alarms only', () => {
    const { template } = synthWith(stack => {
      const fn = lambda.Function.fromFunctionArn(stack, 'Api', 'arn:aws:lambda:eu-west-1:111111111111:function:shop-api');
      const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Errors', 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-api-errors');
      return { deploy: Deploy.lambdaFunction(fn, { alias: 'live', deployStrategy: LambdaDeployStrategy.canary(10, 5), alarms: [alarm] }) };
    });
    expect(actionDeclaration(template, 'Deploy-Api')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
      Configuration: { FunctionName: 'shop-api', FunctionAlias: 'live', DeployStrategy: 'Canary10Percent5Minutes', Alarms: 'shop-api-errors' },
      InputArtifacts: [{ Name: 'Build_Output' }],
    });
    const statements = actionRoleStatements(template, 'Deploy', 'Deploy-Api');
    const fnArn = 'arn:aws:lambda:eu-west-1:111111111111:function:shop-api';
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:PublishVersion'], Resource: [fnArn, `${fnArn}:*`] },
      { Effect: 'Allow', Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'], Resource: `${fnArn}:live` },
      { Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-api-errors' },
    ]));
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('a published target version needs no input artifact', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Api', 'shop-api'), { alias: 'live', publishedTargetVersion: '3' }),
    }));
    const action = actionDeclaration(template, 'Deploy-Api');
    expect(action.InputArtifacts).toBeUndefined();
    expect(action.Configuration).toMatchObject({ PublishedTargetVersion: '3', DeployStrategy: 'AllAtOnce' });
    // No code is deployed and no version published: only the alias moves.
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-Api')))
      .toEqual(['lambda:GetAlias', 'lambda:GetFunctionConfiguration', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:UpdateAlias']);
  });

  test('a published target version may come with an input artifact, which the role reads', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Api', 'shop-api'),
        { alias: 'live', publishedTargetVersion: '7', input: PipelineArtifact.BUILD_OUTPUT, variablesNamespace: 'Api' }),
    }));
    const action = actionDeclaration(template, 'Deploy-Api');
    expect(action.InputArtifacts).toEqual([{ Name: 'Build_Output' }]);
    // the namespace of the FunctionVersion output variable
    expect(action.Namespace).toBe('Api');
    expect(action.Configuration).toMatchObject({ PublishedTargetVersion: '7' });
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-Api')))
      .toEqual([...ARTIFACT_READ, 'lambda:GetAlias', 'lambda:GetFunctionConfiguration', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:UpdateAlias'].sort());
  });

  test('LambdaDeployStrategy.fromString keeps the spelling CodePipeline was given', () => {
    expect(LambdaDeployStrategy.fromString('AllAtOnce')).toBe(LambdaDeployStrategy.ALL_AT_ONCE);
    expect(LambdaDeployStrategy.fromString('Canary10Percent5Minutes').value).toBe('Canary10Percent5Minutes');
    expect(LambdaDeployStrategy.fromString('Linear10PercentEvery1Minute').value).toBe('Linear10PercentEvery1Minute');
    expect(LambdaDeployStrategy.fromString('Canary5Percent1Minute').value).toBe('Canary5Percent1Minute');
    expect(() => LambdaDeployStrategy.fromString('Canary10Percent')).toThrow(/a strategy is AllAtOnce, Canary<percent>Percent<minutes>Minutes/);
    expect(() => LambdaDeployStrategy.fromString('Linear10PercentEvery3000Minutes')).toThrow(/minutes from 1 to 2880/);
  });

  test('linear strategies are spelled as CodePipeline expects', () => {
    expect(LambdaDeployStrategy.linear(10, 1).value).toBe('Linear10PercentEvery1Minute');
    expect(LambdaDeployStrategy.linear(25, 3).value).toBe('Linear25PercentEvery3Minutes');
    expect(() => LambdaDeployStrategy.canary(0, 5)).toThrow(/percent must be a whole number from 1 to 99/);
  });

  test('a strategy without an alias is rejected', () => {
    const stack = new Stack();
    expect(() => Deploy.lambdaFunction(lambda.Function.fromFunctionName(stack, 'F', 'f'), { deployStrategy: LambdaDeployStrategy.ALL_AT_ONCE }))
      .toThrow(/shift an alias's traffic: give 'alias' too/);
  });

  test('is a synth error in a V1 pipeline', () => {
    expect(() => synthWith(stack => ({
      pipelineType: codepipeline.PipelineType.V1,
      deploy: Deploy.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Api', 'shop-api')),
    }))).toThrow(/uses the Lambda \(deploy\) provider, which CodePipeline offers only in V2 pipelines/);
  });
});

describe('Deploy.codeDeployServer', () => {
  test('declares the CodeDeploy action and grants the application, group and config only', () => {
    const { template } = synthWith(stack => {
      const application = codedeploy.ServerApplication.fromServerApplicationName(stack, 'App', 'shop');
      const deploymentGroup = codedeploy.ServerDeploymentGroup.fromServerDeploymentGroupAttributes(stack, 'Group', { application, deploymentGroupName: 'shop-prod' });
      return { deploy: Deploy.codeDeployServer({ deploymentGroup }) };
    });
    expect(actionDeclaration(template, 'DeployCodeDeploy')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CodeDeploy', Version: '1' },
      Configuration: { ApplicationName: 'shop', DeploymentGroupName: 'shop-prod' },
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployCodeDeploy');
    expect(allowedActions(statements)).toEqual([...ARTIFACT_READ, 'codedeploy:CreateDeployment', 'codedeploy:GetApplication',
      'codedeploy:GetApplicationRevision', 'codedeploy:GetDeployment', 'codedeploy:GetDeploymentConfig', 'codedeploy:GetDeploymentGroup',
      'codedeploy:ListDeploymentConfigs', 'codedeploy:ListDeploymentGroups', 'codedeploy:ListDeployments', 'codedeploy:RegisterApplicationRevision'].sort());
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:codedeploy:eu-west-1:111111111111:${name}`]] });
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'codedeploy:ListDeploymentGroups', Resource: arn('application:shop') },
      { Effect: 'Allow', Action: ['codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'], Resource: arn('deploymentgroup:shop/shop-prod') },
    ]));
    // ListDeploymentConfigs supports no resource-level permissions.
    expect(wildcardActions(statements)).toEqual(['codedeploy:ListDeploymentConfigs']);
  });
});

describe('Deploy.codeDeployEcs', () => {
  test('declares the blue/green action and passes exactly the task definition roles', () => {
    const { template } = synthWith(stack => {
      const application = codedeploy.EcsApplication.fromEcsApplicationName(stack, 'App', 'shop');
      const deploymentGroup = codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'Group', { application, deploymentGroupName: 'shop-bg' });
      const { taskDefinition } = importedService(stack);
      return {
        additionalSources: [],
        deploy: Deploy.codeDeployEcs({ deploymentGroup, taskDefinition, images: [{ input: PipelineArtifact.SOURCE_OUTPUT, placeholder: 'WEB_IMAGE' }] }),
      };
    });
    expect(actionDeclaration(template, 'DeployBlueGreen')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CodeDeployToECS', Version: '1' },
      Configuration: {
        ApplicationName: 'shop',
        DeploymentGroupName: 'shop-bg',
        TaskDefinitionTemplateArtifact: 'Build_Output',
        TaskDefinitionTemplatePath: 'taskdef.json',
        AppSpecTemplateArtifact: 'Build_Output',
        AppSpecTemplatePath: 'appspec.yaml',
        Image1ArtifactName: 'S3Source_Output',
        Image1ContainerName: 'WEB_IMAGE',
      },
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployBlueGreen');
    // RegisterTaskDefinition is resource-typed (task-definition/<family>:<revision>): new revisions of the service's family only.
    expect(wildcardActions(statements)).toEqual([]);
    const family = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111111111111:task-definition/shop-web:*']] };
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: family });
    expect(statements).toContainEqual({
      Effect: 'Allow', Action: 'ecs:TagResource', Resource: family, Condition: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    });
    const passRole = statements.find(s => s.Action === 'iam:PassRole');
    expect(passRole.Resource).toHaveLength(2);
    expect(JSON.stringify(passRole.Resource)).toMatch(/role\/shop-web-task.*role\/shop-web-execution/);
  });
});

describe('Deploy.codeDeployEcs without a task definition', () => {
  test('reads the AppSpec file from its own artifact; may pass the account\'s roles to ECS tasks only, register any family', () => {
    const { template } = synthWith(stack => {
      const application = codedeploy.EcsApplication.fromEcsApplicationName(stack, 'App', 'shop');
      const deploymentGroup = codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'Group', { application, deploymentGroupName: 'shop-bg' });
      return { deploy: Deploy.codeDeployEcs({ deploymentGroup, appSpecInput: PipelineArtifact.SOURCE_OUTPUT, appSpecFile: 'deploy/appspec.yaml' }) };
    });
    expect(actionDeclaration(template, 'DeployBlueGreen')).toMatchObject({
      Configuration: {
        TaskDefinitionTemplateArtifact: 'Build_Output',
        AppSpecTemplateArtifact: 'S3Source_Output',
        AppSpecTemplatePath: 'deploy/appspec.yaml',
      },
      InputArtifacts: [{ Name: 'Build_Output' }, { Name: 'S3Source_Output' }],
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployBlueGreen');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: partitionArn(':iam::111111111111:role/*'),
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: partitionArn(':ecs:eu-west-1:111111111111:task-definition/*') });
  });

  test('passRoles and taskDefinitionFamily narrow the grants', () => {
    const { template } = synthWith(stack => {
      const application = codedeploy.EcsApplication.fromEcsApplicationName(stack, 'App', 'shop');
      const deploymentGroup = codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'Group', { application, deploymentGroupName: 'shop-bg' });
      const passRoles = [iam.Role.fromRoleName(stack, 'Exec', 'shop-web-execution')];
      return { deploy: Deploy.codeDeployEcs({ deploymentGroup, passRoles, taskDefinitionFamily: 'shop-web' }) };
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployBlueGreen');
    expect(statements.find(s => s.Action === 'iam:PassRole').Resource).toEqual(partitionArn(':iam::111111111111:role/shop-web-execution'));
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: partitionArn(':ecs:eu-west-1:111111111111:task-definition/shop-web:*') });
  });
});

describe('Deploy.elasticBeanstalk', () => {
  test('declares the Elastic Beanstalk action without the AWS managed administrator policy', () => {
    const { template } = synthWith(() => ({ deploy: Deploy.elasticBeanstalk({ applicationName: 'shop', environmentName: 'shop-prod' }) }));
    expect(actionDeclaration(template, 'DeployBeanstalk')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ElasticBeanstalk', Version: '1' },
      Configuration: { ApplicationName: 'shop', EnvironmentName: 'shop-prod' },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: "Runs the 'DeployBeanstalk' action of stage 'Deploy'",
      ManagedPolicyArns: Match.absent(),
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployBeanstalk');
    const arn = (service: string, name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:eu-west-1:111111111111:${name}`]] });
    const bucket = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::elasticbeanstalk-eu-west-1-111111111111']] };
    const objects = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::elasticbeanstalk-eu-west-1-111111111111/*']] };
    // Every action is paired only with resource types it takes (a pair that matches none never allows anything).
    expect(statements).toEqual(expect.arrayContaining([
      {
        Effect: 'Allow',
        Action: 'elasticbeanstalk:CreateApplicationVersion',
        Resource: [arn('elasticbeanstalk', 'application/shop'), arn('elasticbeanstalk', 'applicationversion/shop/*')],
      },
      { Effect: 'Allow', Action: 'elasticbeanstalk:DescribeApplicationVersions', Resource: arn('elasticbeanstalk', 'applicationversion/shop/*') },
      { Effect: 'Allow', Action: ['elasticbeanstalk:UpdateEnvironment', 'elasticbeanstalk:DescribeEnvironments'], Resource: arn('elasticbeanstalk', 'environment/shop/shop-prod') },
      {
        Effect: 'Allow',
        Action: 'elasticbeanstalk:DescribeEvents',
        Resource: [arn('elasticbeanstalk', 'application/shop'), arn('elasticbeanstalk', 'environment/shop/shop-prod'), arn('elasticbeanstalk', 'applicationversion/shop/*')],
      },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:GetObjectAcl', 's3:PutObjectAcl'], Resource: objects },
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: bucket },
      // Regression: Auto Scaling group ARNs are autoScalingGroup:<id>:autoScalingGroupName/<name> (a colon, not a slash).
      {
        Effect: 'Allow',
        Action: ['autoscaling:SuspendProcesses', 'autoscaling:ResumeProcesses', 'autoscaling:UpdateAutoScalingGroup'],
        Resource: arn('autoscaling', 'autoScalingGroup:*:autoScalingGroupName/awseb-*'),
      },
    ]));
    expect(allowedActions(statements).filter(a => a.endsWith('*'))).toEqual([]);
    expect(wildcardActions(statements).every(a => /:(Describe|CreateStorageLocation)/.test(a))).toBe(true);
  });
});

describe('Deploy.ec2', () => {
  test('declares the EC2 action and limits SendCommand to the tagged instances', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.ec2({ instanceTagKey: 'App', instanceTagValue: 'shop', targetDirectory: '/opt/shop', postScript: 'scripts/start.sh' }),
    }));
    expect(actionDeclaration(template, 'DeployEC2')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'EC2', Version: '1' },
      Configuration: { InstanceTagKey: 'App', InstanceTagValue: 'shop', InstanceType: 'EC2' },
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployEC2');
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'ssm:SendCommand', Condition: { StringEquals: { 'aws:ResourceTag/App': 'shop' } },
    }));
    expect(wildcardActions(statements)).toEqual(['ec2:DescribeInstances', 'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth', 'ssm:CancelCommand',
      'ssm:DescribeInstanceInformation', 'ssm:ListCommandInvocations']);
  });

  test('SSM managed nodes are addressed as managed-instance/*, not EC2 instances', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.ec2({ instanceTagKey: 'App', instanceType: actions.Ec2InstanceType.SSM_MANAGED_NODE, targetDirectory: '/opt/shop', postScript: 's.sh' }),
    }));
    expect(actionRoleStatements(template, 'Deploy', 'DeployEC2')).toContainEqual({
      Effect: 'Allow',
      Action: 'ssm:SendCommand',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:managed-instance/*']] },
      Condition: { Null: { 'aws:ResourceTag/App': 'false' } },
    });
  });

  test('a deploy spec file instead of the scripts', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.ec2({ instanceTagKey: 'Name', instanceTagValue: 'my-instances', deploySpec: 'deployspec.yaml' }),
    }));
    expect(actionDeclaration(template, 'DeployEC2').Configuration).toEqual({
      InstanceTagKey: 'Name', InstanceTagValue: 'my-instances', InstanceType: 'EC2', DeploySpec: 'deployspec.yaml',
    });
  });

  test('target groups by name: CodePipeline gets the names, the role those groups of the account and region only', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.ec2({ instanceTagKey: 'App', targetDirectory: '/opt/shop', postScript: 's.sh', targetGroupNames: ['web', 'api'], maxBatch: actions.Ec2MaxInstances.percentage(50) }),
    }));
    expect(actionDeclaration(template, 'DeployEC2').Configuration).toMatchObject({ TargetGroupNameList: 'web,api', MaxBatch: '50%' });
    const group = (name: string) => partitionArn(`:elasticloadbalancing:eu-west-1:111111111111:targetgroup/${name}/*`);
    expect(actionRoleStatements(template, 'Deploy', 'DeployEC2')).toContainEqual({
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
      Resource: [group('web'), group('api')],
    });
  });

  test('needs a deploy spec or the scripts', () => {
    expect(() => Deploy.ec2({ instanceTagKey: 'App', targetDirectory: '/opt/shop' }))
      .toThrow(/give 'deploySpec' \(a deploy spec file in the artifact\), or 'targetDirectory' and 'postScript'/);
  });

  test('rejects a relative target directory', () => {
    expect(() => Deploy.ec2({ instanceTagKey: 'App', targetDirectory: 'opt/shop', postScript: 's.sh' })).toThrow(/targetDirectory must be an absolute path, got 'opt\/shop'/);
  });

  test('is a synth error in a V1 pipeline', () => {
    expect(() => synthWith(() => ({
      pipelineType: codepipeline.PipelineType.V1,
      deploy: Deploy.ec2({ instanceTagKey: 'App', targetDirectory: '/opt/shop', postScript: 's.sh' }),
    }))).toThrow(/uses the EC2 provider, which CodePipeline offers only in V2 pipelines/);
  });
});

describe('Deploy.serviceCatalog', () => {
  test('declares the Service Catalog action scoped to the product, without the admin managed policy', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.serviceCatalog({ productId: 'prod-abc123', templatePath: 'product.json', productVersionName: 'v2' }),
    }));
    expect(actionDeclaration(template, 'PublishProduct')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ServiceCatalog', Version: '1' },
      Configuration: { TemplateFilePath: 'product.json', ProductVersionName: 'v2', ProductType: 'CLOUD_FORMATION_TEMPLATE', ProductId: 'prod-abc123' },
    });
    template.hasResourceProperties('AWS::IAM::Role', { Description: "Runs the 'PublishProduct' action of stage 'Deploy'", ManagedPolicyArns: Match.absent() });
    const statements = actionRoleStatements(template, 'Deploy', 'PublishProduct');
    expect(wildcardActions(statements)).toEqual(['cloudformation:ValidateTemplate']);
    expect(statements).toContainEqual(expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':catalog:eu-west-1:111111111111:product/prod-abc123']] },
    }));
  });
});

describe('Deploy.serviceCatalog: product type and configuration file', () => {
  test('productType is written as given', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.serviceCatalog({
        productId: 'prod-abc123',
        templatePath: 'main.tf.tar.gz',
        productVersionName: 'v3',
        productType: ServiceCatalogProductType.TERRAFORM_OPEN_SOURCE,
        productVersionDescription: 'Terraform',
      }),
    }));
    expect(actionDeclaration(template, 'PublishProduct').Configuration).toEqual({
      ProductId: 'prod-abc123', TemplateFilePath: 'main.tf.tar.gz', ProductVersionName: 'v3', ProductType: 'TERRAFORM_OPEN_SOURCE', ProductVersionDescription: 'Terraform',
    });
  });

  test('a configuration file names the version instead; the grants stay the product\'s', () => {
    const { template } = synthWith(() => ({ deploy: Deploy.serviceCatalog({ productId: 'prod-abc123', configurationFile: 'sample_config.json' }) }));
    expect(actionDeclaration(template, 'PublishProduct').Configuration).toEqual({ ProductId: 'prod-abc123', ConfigurationFilePath: 'sample_config.json' });
    expect(wildcardActions(actionRoleStatements(template, 'Deploy', 'PublishProduct'))).toEqual(['cloudformation:ValidateTemplate']);
  });
});

describe('Deploy.cloudFormation family', () => {
  test('replaceOnFailure sets ReplaceOnFailure and adds DeleteStack', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 't.json', deploymentRole: deploymentRole(stack), replaceOnFailure: true }),
    }));
    expect(actionDeclaration(template, 'Deploy-shop').Configuration).toMatchObject({ ActionMode: 'REPLACE_ON_FAILURE', StackName: 'shop' });
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-shop'))).toContain('cloudformation:DeleteStack');
  });

  test('a direct deploy without replaceOnFailure may not delete the stack', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 't.json', deploymentRole: deploymentRole(stack) }),
    }));
    expect(actionDeclaration(template, 'Deploy-shop').Configuration).toMatchObject({ ActionMode: 'CREATE_UPDATE' });
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-shop'))).not.toContain('cloudformation:DeleteStack');
  });

  test('delete declares DELETE_ONLY and may delete that stack only', () => {
    const { template } = synthWith(stack => ({ deploy: Deploy.cloudFormationDelete({ stackName: 'preview', deploymentRole: deploymentRole(stack) }) }));
    expect(actionDeclaration(template, 'Delete-preview')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CloudFormation', Version: '1' },
      Configuration: { ActionMode: 'DELETE_ONLY', StackName: 'preview' },
    });
    const statements = actionRoleStatements(template, 'Deploy', 'Delete-preview');
    expect(allowedActions(statements)).toEqual(['cloudformation:DeleteStack', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks', 'iam:PassRole']);
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('a stack set with accounts is self-managed, with an administration role that may assume only the execution role in those accounts', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackSet({
        stackSetName: 'baseline',
        templatePath: 'baseline.json',
        accounts: ['222222222222'],
        regions: ['eu-west-1', 'us-east-1'],
        failureTolerancePercentage: 10,
      }),
    }));
    expect(actionDeclaration(template, 'StackSet-baseline')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CloudFormationStackSet', Version: '1' },
      Configuration: {
        StackSetName: 'baseline',
        TemplatePath: 'Build_Output::baseline.json',
        PermissionModel: 'SELF_MANAGED',
        DeploymentTargets: '222222222222',
        Regions: 'eu-west-1,us-east-1',
        FailureTolerancePercentage: '10',
        Capabilities: 'CAPABILITY_NAMED_IAM',
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/AWSCloudFormationStackSetExecutionRole']] } }] },
    });
    const statements = actionRoleStatements(template, 'Deploy', 'StackSet-baseline');
    expect(allowedActions(statements)).toEqual([...ARTIFACT_READ, 'cloudformation:CreateStackInstances', 'cloudformation:CreateStackSet',
      'cloudformation:DescribeStackSet', 'cloudformation:DescribeStackSetOperation', 'cloudformation:ListStackInstances',
      'cloudformation:UpdateStackSet', 'iam:PassRole'].sort());
    // Regression: CreateStackSet has no resource-level permissions, so a grant on the stack set's ARN
    // never allowed the first run; it is granted on '*', alone, and every other action on the stack set.
    expect(wildcardActions(statements)).toEqual(['cloudformation:CreateStackSet']);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'cloudformation:CreateStackSet', Resource: '*' });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['cloudformation:DescribeStackSet', 'cloudformation:DescribeStackSetOperation', 'cloudformation:ListStackInstances',
        'cloudformation:CreateStackInstances', 'cloudformation:UpdateStackSet'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:eu-west-1:111111111111:stackset/baseline:*']] },
    });
  });

  test('stack instances in organizational units declare the OUs', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackInstances({ stackSetName: 'baseline', organizationalUnits: ['ou-ab12-cdefgh34'], regions: ['eu-west-1'] }),
    }));
    expect(actionDeclaration(template, 'Instances-baseline')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CloudFormationStackInstances', Version: '1' },
      Configuration: { StackSetName: 'baseline', DeploymentTargets: 'ou-ab12-cdefgh34', Regions: 'eu-west-1' },
    });
  });

  test('a stack set for organizational units may deploy to accounts that join them', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackSet({
        stackSetName: 'baseline',
        templatePath: 'baseline.json',
        organizationalUnits: ['ou-ab12-cdefgh34'],
        regions: ['eu-west-1'],
        autoDeployment: actions.StackSetOrganizationsAutoDeployment.ENABLED,
      }),
    }));
    expect(actionDeclaration(template, 'StackSet-baseline').Configuration).toMatchObject({ PermissionModel: 'SERVICE_MANAGED', OrganizationsAutoDeployment: 'Enabled' });
  });

  test('autoDeployment with accounts is an error', () => {
    expect(() => Deploy.cloudFormationStackSet({
      stackSetName: 'b',
      templatePath: 't.json',
      accounts: ['111111111111'],
      regions: ['eu-west-1'],
      autoDeployment: actions.StackSetOrganizationsAutoDeployment.ENABLED,
    })).toThrow(/'autoDeployment' applies to 'organizationalUnits' only/);
  });

  test('a stack set takes at most one kind of target, and regions only with targets', () => {
    expect(() => Deploy.cloudFormationStackSet({ stackSetName: 'b', templatePath: 't.json', regions: ['eu-west-1'] }))
      .toThrow(/'regions' needs targets: give 'accounts', 'organizationalUnits' or 'deploymentTargetsFile'/);
    expect(() => Deploy.cloudFormationStackSet({ stackSetName: 'b', templatePath: 't.json', regions: ['eu-west-1'], accounts: ['111111111111'], deploymentTargetsFile: 'a.json' }))
      .toThrow(/give at most one of 'accounts', 'organizationalUnits' and 'deploymentTargetsFile', got accounts and deploymentTargetsFile/);
  });
});

describe('CloudFormation: every action mode and key (issue 10)', () => {
  const changeSetCondition = (name: string) => ({ StringEqualsIfExists: { 'cloudformation:ChangeSetName': name } });

  test('a change set alone (CHANGE_SET_REPLACE): created for review, never executed by this step', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 't.json', deploymentRole: deploymentRole(stack), useChangeSet: true, executeChangeSet: false, changeSetName: 'review' }),
    }));
    expect(actionDeclaration(template, 'Deploy-shop').Configuration).toMatchObject({ ActionMode: 'CHANGE_SET_REPLACE', ChangeSetName: 'review', StackName: 'shop' });
    const statements = actionRoleStatements(template, 'Deploy', 'Deploy-shop');
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:DeleteChangeSet'], Condition: changeSetCondition('review'),
    }));
    expect(allowedActions(statements)).not.toContain('cloudformation:ExecuteChangeSet');
    expect(allowedActions(statements)).not.toContain('cloudformation:UpdateStack');
  });

  test('Deploy.cloudFormationExecuteChangeSet executes the named change set and passes no role', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormationExecuteChangeSet({ stackName: 'shop', changeSetName: 'review', deploymentRole: deploymentRole(stack) }),
    }));
    const action = actionDeclaration(template, 'Execute-shop');
    expect(action.Configuration).toMatchObject({ ActionMode: 'CHANGE_SET_EXECUTE', ChangeSetName: 'review', StackName: 'shop' });
    // RoleArn is written as given; CodePipeline does not apply it when executing, so nothing is passed.
    expect(JSON.stringify(action.Configuration.RoleArn)).toContain('cfn-deployer');
    expect(action.InputArtifacts ?? []).toEqual([]);
    const statements = actionRoleStatements(template, 'Deploy', 'Execute-shop');
    expect(allowedActions(statements)).toEqual(['cloudformation:DescribeChangeSet', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks', 'cloudformation:ExecuteChangeSet']);
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet'], Condition: changeSetCondition('review') }));
  });

  test('template configuration, parameters read from artifacts, extra inputs and the outputs file', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormation({
        stackName: 'shop',
        templatePath: 'cdk.out/Shop.template.json',
        deploymentRole: deploymentRole(stack),
        templateConfiguration: 'config/prod.json',
        templateConfigurationInput: PipelineArtifact.SOURCE_OUTPUT,
        parameterOverrides: {
          Env: 'prod',
          Replicas: 3,
          CodeBucket: ArtifactParameter.bucketName(PipelineArtifact.SOURCE_OUTPUT),
          CodeKey: ArtifactParameter.objectKey(PipelineArtifact.SOURCE_OUTPUT),
          Version: ArtifactParameter.fromJsonFile(PipelineArtifact.BUILD_OUTPUT, 'version.json', 'version'),
        },
        outputFileName: 'outputs.json',
      }),
    }));
    const action = actionDeclaration(template, 'Deploy-shop');
    const source = action.InputArtifacts[1].Name;
    expect(action.InputArtifacts).toEqual([{ Name: 'Build_Output' }, { Name: source }]);
    expect(source).not.toBe('Build_Output');
    expect(action.OutputArtifacts).toEqual([{ Name: 'Deploy-shop_Output' }]);
    expect(action.Configuration).toMatchObject({
      TemplatePath: 'Build_Output::cdk.out/Shop.template.json',
      TemplateConfiguration: `${source}::config/prod.json`,
      OutputFileName: 'outputs.json',
    });
    expect(JSON.parse(action.Configuration.ParameterOverrides)).toEqual({
      Env: 'prod',
      Replicas: 3,
      CodeBucket: { 'Fn::GetArtifactAtt': [source, 'BucketName'] },
      CodeKey: { 'Fn::GetArtifactAtt': [source, 'ObjectKey'] },
      Version: { 'Fn::GetParam': ['Build_Output', 'version.json', 'version'] },
    });
    // The outputs file is written to the artifact bucket: the role may put objects there.
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-shop'))).toContain('s3:PutObject');
  });

  test('an ArtifactParameter anywhere but a CloudFormation step is an error', () => {
    expect(() => Stack.of(new Stack()).resolve(ArtifactParameter.url(PipelineArtifact.SOURCE_OUTPUT)))
      .toThrow(/ArtifactParameter values \(URL of the source output\) belong in the parameterOverrides of a CloudFormation step only/);
  });

  test('without a deployment role, no RoleArn is written and no role is passed', () => {
    const { template } = synthWith(() => ({ deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 't.json', capabilities: [] }) }));
    const action = actionDeclaration(template, 'Deploy-shop');
    expect(action.Configuration.RoleArn).toBeUndefined();
    expect(action.Configuration.Capabilities).toBeUndefined();
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-shop'))).not.toContain('iam:PassRole');
  });

  test('an outputs file without an output artifact', () => {
    const { template } = synthWith(stack => ({
      deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 't.json', deploymentRole: deploymentRole(stack), outputFileName: 'o.json', outputArtifact: false }),
    }));
    const action = actionDeclaration(template, 'Deploy-shop');
    expect(action.Configuration.OutputFileName).toBe('o.json');
    expect(action.OutputArtifacts ?? []).toEqual([]);
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Deploy-shop'))).not.toContain('s3:PutObject');
  });

  test('executeChangeSet without useChangeSet is an error', () => {
    expect(() => Deploy.cloudFormation({ stackName: 's', templatePath: 't.json', executeChangeSet: false }))
      .toThrow(/'executeChangeSet' applies with 'useChangeSet' only/);
  });
});

describe('StackSets: every key (issue 10)', () => {
  test('targets and parameters from artifact files, kept parameter values', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackSet({
        stackSetName: 'baseline',
        templatePath: 'baseline.json',
        parametersFile: 'params.json',
        parametersInput: PipelineArtifact.SOURCE_OUTPUT,
        deploymentTargetsFile: 'accounts.json',
        regions: ['eu-west-1'],
        executionRoleName: 'Exec',
        description: 'Account baseline',
        maxAccountConcurrencyPercentage: 25,
      }),
    }));
    const action = actionDeclaration(template, 'StackSet-baseline');
    const source = action.InputArtifacts[1].Name;
    expect(action.InputArtifacts).toEqual([{ Name: 'Build_Output' }, { Name: source }]);
    expect(action.Configuration).toMatchObject({
      TemplatePath: 'Build_Output::baseline.json',
      Parameters: `${source}::params.json`,
      DeploymentTargets: 'Build_Output::accounts.json',
      Regions: 'eu-west-1',
      PermissionModel: 'SELF_MANAGED',
      ExecutionRoleName: 'Exec',
      Description: 'Account baseline',
      MaxConcurrentPercentage: '25',
    });
    // The accounts are read at run time: the administration role may assume the execution role (that name only) in any account.
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/Exec']] } }] },
    });
  });

  test('literal parameters with kept values, service-managed without targets', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackSet({
        stackSetName: 'baseline',
        templatePath: 'baseline.json',
        parameters: { Env: 'prod' },
        usePreviousValues: ['Size'],
        permissionModel: StackSetPermissionModel.SERVICE_MANAGED,
        autoDeployment: actions.StackSetOrganizationsAutoDeployment.ENABLED_WITH_STACK_RETENTION,
      }),
    }));
    const configuration = actionDeclaration(template, 'StackSet-baseline').Configuration;
    expect(configuration).toMatchObject({
      Parameters: 'ParameterKey=Env,ParameterValue=prod ParameterKey=Size,UsePreviousValue=true',
      PermissionModel: 'SERVICE_MANAGED',
      OrganizationsAutoDeployment: 'EnabledWithStackRetention',
    });
    expect(configuration.DeploymentTargets).toBeUndefined();
    expect(configuration.AdministrationRoleArn).toBeUndefined();
  });

  test('stack instances with parameter overrides from a file read that artifact', () => {
    const { template } = synthWith(() => ({
      deploy: Deploy.cloudFormationStackInstances({
        stackSetName: 'baseline', accounts: ['222222222222'], regions: ['eu-west-1'], parameterOverridesFile: 'overrides.json',
      }),
    }));
    const action = actionDeclaration(template, 'Instances-baseline');
    expect(action.InputArtifacts).toEqual([{ Name: 'Build_Output' }]);
    expect(action.Configuration).toMatchObject({ ParameterOverrides: 'Build_Output::overrides.json', DeploymentTargets: '222222222222' });
    expect(allowedActions(actionRoleStatements(template, 'Deploy', 'Instances-baseline'))).toEqual(expect.arrayContaining(ARTIFACT_READ));
  });

  test('an explicit permission model must fit the targets', () => {
    expect(() => Deploy.cloudFormationStackSet({
      stackSetName: 'b', templatePath: 't.json', accounts: ['111111111111'], regions: ['eu-west-1'], permissionModel: StackSetPermissionModel.SERVICE_MANAGED,
    })).toThrow(/service-managed permissions deploy to organizational units, not 'accounts'/);
  });
});

describe('Deploy.s3 encryption', () => {
  test('passes the KMS key and may encrypt with it', () => {
    const { template } = synthWith(stack => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Site', 'shop-site');
      const encryptionKey = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/abcd');
      return { deploy: Deploy.s3({ bucket, encryptionKey, cacheControl: [actions.CacheControl.maxAge(Duration.hours(1))] }) };
    });
    expect(actionDeclaration(template, 'DeployS3').Configuration).toMatchObject({
      BucketName: 'shop-site', Extract: 'true', KMSEncryptionKeyARN: 'arn:aws:kms:eu-west-1:111111111111:key/abcd', CacheControl: 'max-age=3600',
    });
    const statements = actionRoleStatements(template, 'Deploy', 'DeployS3');
    expect(statements).toContainEqual({
      Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:eu-west-1:111111111111:key/abcd',
    });
    // The bucket reads the action reference page lists, on the deploy bucket only.
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::shop-site']] },
    });
    expect(wildcardActions(statements)).toEqual([]);
  });
});
