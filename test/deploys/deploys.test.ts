import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Build, DeliveryPipeline, Deploy, Source } from '../../src';
import { partitionArn } from '../providers/helpers';
import { CONNECTION_ARN, importedService, synthPipeline, testStack } from '../util';

const before = () => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({ commands: ['make'] }),
});

function deployActions(template: Template): any[] {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  return pipeline.Properties.Stages.find((s: any) => s.Name === 'Deploy').Actions;
}

test('ECS: the image definitions file of the build output rolls the service', () => {
  const { template } = synthPipeline(stack => ({
    ...before(),
    deploy: Deploy.ecs({ ...importedService(stack), deploymentTimeout: Duration.minutes(30) }),
  }));
  expect(deployActions(template)).toEqual([expect.objectContaining({
    ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'ECS', Version: '1' },
    Configuration: { ClusterName: 'shop', ServiceName: 'shop-web', FileName: 'imagedefinitions.json', DeploymentTimeout: 30 },
    InputArtifacts: [{ Name: 'Build_Output' }],
  })]);
});

test('ECS: an imported service without its task definition is built; the role may pass the account\'s roles to ECS tasks only', () => {
  const stack = testStack();
  const { service } = importedService(stack);
  new DeliveryPipeline(stack, 'Pipeline', { ...before(), deploy: Deploy.ecs({ service }) });
  const template = Template.fromStack(stack);
  expect(deployActions(template)).toEqual([expect.objectContaining({
    Configuration: { ClusterName: 'shop', ServiceName: 'shop-web', FileName: 'imagedefinitions.json' },
  })]);
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: Match.objectLike({
      Statement: Match.arrayWith([
        { Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: partitionArn(':ecs:eu-west-1:111111111111:task-definition/*') },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: partitionArn(':iam::111111111111:role/*'), Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } },
      ]),
    }),
  });
});

test('ECS: passRoles and taskDefinitionFamily narrow the grants of an imported service', () => {
  const stack = testStack();
  const { service } = importedService(stack);
  const taskRole = iam.Role.fromRoleName(stack, 'Task', 'shop-web-task');
  new DeliveryPipeline(stack, 'Pipeline', { ...before(), deploy: Deploy.ecs({ service, passRoles: [taskRole], taskDefinitionFamily: 'shop-web' }) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: Match.objectLike({
      Statement: Match.arrayWith([
        { Effect: 'Allow', Action: 'ecs:RegisterTaskDefinition', Resource: partitionArn(':ecs:eu-west-1:111111111111:task-definition/shop-web:*') },
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: partitionArn(':iam::111111111111:role/shop-web-task'),
          Condition: { StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } },
        },
      ]),
    }),
  });
});

describe('CloudFormation', () => {
  const deploymentRole = (stack: any) => iam.Role.fromRoleName(stack, 'CfnRole', 'shop-cfn-deploy');

  test('create or update a stack directly, passing only the deployment role', () => {
    const { template } = synthPipeline(stack => ({
      ...before(),
      deploy: Deploy.cloudFormation({ stackName: 'shop-prod', templatePath: 'cdk.out/Shop.template.json', deploymentRole: deploymentRole(stack), parameterOverrides: { Env: 'prod' } }),
    }));
    expect(deployActions(template)).toEqual([expect.objectContaining({
      ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'CloudFormation', Version: '1' },
      Configuration: expect.objectContaining({
        ActionMode: 'CREATE_UPDATE',
        StackName: 'shop-prod',
        TemplatePath: 'Build_Output::cdk.out/Shop.template.json',
        Capabilities: 'CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
        ParameterOverrides: '{"Env":"prod"}',
      }),
    })]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':stack/shop-prod/\\*')])] },
          }),
          Match.objectLike({ Action: 'iam:PassRole', Condition: { StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } } }),
        ]),
      },
    });
  });

  test('through a change set: prepare, then execute', () => {
    const { template } = synthPipeline(stack => ({
      ...before(),
      deploy: Deploy.cloudFormation({ stackName: 'shop-prod', templatePath: 't.json', deploymentRole: deploymentRole(stack), useChangeSet: true }),
    }));
    expect(deployActions(template).map((a: any) => [a.Name, a.RunOrder, a.Configuration.ActionMode, a.Configuration.ChangeSetName])).toEqual([
      ['Deploy-shop-prod-Prepare', 1, 'CHANGE_SET_REPLACE', 'shop-prod-changes'],
      ['Deploy-shop-prod-Execute', 2, 'CHANGE_SET_EXECUTE', 'shop-prod-changes'],
    ]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':stack/shop-prod/\\*')])] },
          }),
          // The change set actions are limited to the pipeline's change set.
          Match.objectLike({
            Action: ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:ExecuteChangeSet'],
            Condition: { StringEqualsIfExists: { 'cloudformation:ChangeSetName': 'shop-prod-changes' } },
          }),
        ]),
      },
    });
  });

  test('a delete whose deployment role is in another account runs there, as that account\'s bootstrap deploy role, like a deploy', () => {
    const actionOf = (step: (role: iam.IRole) => Deploy) => {
      const { template } = synthPipeline(stack => ({
        ...before(),
        deploy: step(iam.Role.fromRoleArn(stack, 'ProdExec', 'arn:aws:iam::222222222222:role/cfn-exec', { mutable: false })),
      }));
      const action = deployActions(template)[0];
      // No role is made for it in the pipeline's account.
      expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith(`PipelineDeploy${action.Name.replace(/-/g, '')}`))).toEqual([]);
      return action;
    };
    const deleted = actionOf(role => Deploy.cloudFormationDelete({ stackName: 'shop-preview', deploymentRole: role }));
    const deployed = actionOf(role => Deploy.cloudFormation({ stackName: 'shop-preview', templatePath: 't.json', deploymentRole: role }));
    const deployRole = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-1';
    expect(JSON.stringify(deleted.RoleArn)).toContain(deployRole.replace('arn:aws', ''));
    expect(deleted.RoleArn).toEqual(deployed.RoleArn);
    expect(deleted.Configuration).toMatchObject({ ActionMode: 'DELETE_ONLY', StackName: 'shop-preview', RoleArn: 'arn:aws:iam::222222222222:role/cfn-exec' });
  });

  test('rejects a bad stack name and oversized parameter overrides', () => {
    expect(() => Deploy.cloudFormation({ stackName: '1shop', templatePath: 't', deploymentRole: undefined as any })).toThrow(/stackName must start with a letter .* got '1shop'/);
    const stack = testStack();
    const big: Record<string, string> = { Value: 'x'.repeat(1100) };
    expect(() => new DeliveryPipeline(stack, 'Pipeline', { ...before(), deploy: Deploy.cloudFormation({ stackName: 's', templatePath: 't', deploymentRole: deploymentRole(stack), parameterOverrides: big }) }))
      .toThrow(/parameterOverrides is \d+ bytes of JSON; CodePipeline allows 1024/);
  });
});

test('S3: unzips the build output, may only put objects under the prefix', () => {
  const { template } = synthPipeline(stack => ({ ...before(), deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'shop-site'), objectKey: 'web' }) }));
  expect(deployActions(template)).toEqual([expect.objectContaining({
    ActionTypeId: { Category: 'Deploy', Owner: 'AWS', Provider: 'S3', Version: '1' },
    Configuration: { BucketName: 'shop-site', Extract: 'true', ObjectKey: 'web' },
  })]);
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:PutObject', Resource: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':s3:::shop-site/web/*'])] }) })]) },
  });
  expect(() => Deploy.s3({ bucket: undefined as any, extract: false })).toThrow(/'extract: false' stores the artifact as one object, so 'objectKey' is required/);
});
