import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Approval, Build, Deploy, Invoke, Source, Test } from '../../src';
import { CONNECTION_ARN, importedService, synthPipeline } from '../util';

const { template } = synthPipeline(stack => ({
  source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
  buildStep: Build.codeBuild({
    commands: ['npm ci', 'npm run build'],
    secrets: { NPM_TOKEN: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Token', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:npm-AbCdEf') },
  }),
  tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm test'] })],
  approval: Approval.manual(),
  deploy: Deploy.ecs(importedService(stack)),
  invoke: Invoke.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Smoke', 'smoke-test')),
}));

/** Every statement of every IAM policy in the template. */
function statements(): any[] {
  return policies().flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function policies(): any[] {
  return [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))];
}

function actionsOf(statement: any): string[] {
  return ([] as string[]).concat(statement.Action);
}

/** The statements of the policy attached to the role whose logical id matches. */
function policyFor(rolePattern: RegExp): any[] {
  const found = policies().filter(p => p.Properties.Roles.some((r: any) => rolePattern.test(r.Ref)));
  expect(found).toHaveLength(1);
  return found[0].Properties.PolicyDocument.Statement;
}

test('no inline policies: every role keeps its permissions in customer managed policies', () => {
  template.resourceCountIs('AWS::IAM::Policy', 0);
  expect(policies().length).toBeGreaterThan(5);
});

test('no IAM action pattern anywhere: every action is named exactly', () => {
  const patterns = statements().flatMap(actionsOf).filter(a => a.includes('*'));
  expect(patterns).toEqual([]);
});

test("Resource '*' only for actions without resource-level permissions", () => {
  const star = statements().filter(s => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));
  expect(star.map(s => actionsOf(s))).toEqual([
    ['ecs:ListTasks'],
    ['ecs:DescribeTaskDefinition'],
    ['lambda:ListFunctions'],
  ]);
  // ecs:ListTasks is held to the service's cluster by condition.
  expect(star[0].Condition).toEqual({ ArnEquals: { 'ecs:cluster': expect.anything() } });
});

test("the connection source may use exactly its connection, with the action of the ARN's service prefix", () => {
  const policy = policyFor(/SourceshopActionRole/);
  expect(policy).toEqual(expect.arrayContaining([{ Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CONNECTION_ARN }]));
  // codestar-connections:UseConnection matches only arn:aws:codestar-connections: ARNs: on this one it was dead.
  expect(policy.flatMap(actionsOf)).not.toContain('codestar-connections:UseConnection');
});

test('artifact access is exact: objects of the artifact bucket, no delete', () => {
  const s3Actions = statements().flatMap(actionsOf).filter(a => a.startsWith('s3:'));
  expect([...new Set(s3Actions)].sort()).toEqual([
    's3:AbortMultipartUpload', 's3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetObject',
    's3:GetObjectVersion', 's3:ListBucket', 's3:PutObject', 's3:PutObjectAcl',
  ]);
  // s3:GetBucketAcl only for the CodeBuild projects, on the artifact bucket (CodeBuild checks who owns it).
  const acl = statements().filter(s => actionsOf(s).includes('s3:GetBucketAcl'));
  expect(acl.length).toBeGreaterThan(0);
  for (const statement of acl) {
    expect(statement).toEqual({ Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineArtifacts/), 'Arn'] } });
  }
});

test('CodeBuild projects log to their own log group only, not to the default /aws/codebuild/<project>', () => {
  expect(JSON.stringify(statements())).not.toContain('/aws/codebuild/');
});

test('the build may read exactly its secret', () => {
  // aws-cdk-lib's CodeBuild grant for a SECRETS_MANAGER variable appends '*' (for JSON keys and versions).
  const secretStatements = statements().filter(s => actionsOf(s).some(a => a.startsWith('secretsmanager:')));
  expect(secretStatements).toEqual([{
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:npm-AbCdEf*',
  }]);
});

test('the ECS deploy is scoped to the service, its cluster, its task definition family and its roles', () => {
  const policy = policyFor(/DeployDeployECSActionRole/);
  const byAction = (action: string) => policy.find((s: any) => actionsOf(s).includes(action));
  expect(JSON.stringify(byAction('ecs:UpdateService').Resource)).toContain(':service/shop/shop-web');
  expect(JSON.stringify(byAction('ecs:DescribeTasks').Resource)).toContain(':task/shop/*');
  expect(byAction('ecs:TagResource').Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } });
  const passRole = byAction('iam:PassRole');
  expect(JSON.stringify(passRole.Resource)).toContain(':role/shop-web-task');
  expect(JSON.stringify(passRole.Resource)).toContain(':role/shop-web-execution');
  expect(passRole.Condition).toEqual({ StringEqualsIfExists: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] } });
});

test('the approval may publish to the approval topic and use its key, nothing else', () => {
  const policy = policyFor(/ApproveActionRole/);
  expect(policy).toEqual([
    { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/^PipelineApprovalNotifications[0-9A-F]+$/) } },
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineNotificationsKey/), 'Arn'] } },
  ]);
});

test('action roles trust only the pipeline role', () => {
  template.hasResourceProperties('AWS::IAM::Role', {
    RoleName: Match.absent(),
    AssumeRolePolicyDocument: {
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PipelinePipelineRole'), 'Arn'] } } }],
    },
  });
});
