import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Build, DeliveryPipeline, PipelineArtifact, ReportFormat, Source, Test } from '../../src';
import { checkIam } from '../../src/iam/check';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function buildSpecOf(template: any, index = 0): any {
  const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as any[];
  return JSON.parse(projects[index].Properties.Source.BuildSpec);
}

test('commands become a build spec whose output is the whole working directory', () => {
  const { template } = synthPipeline(() => ({
    source: source(),
    buildStep: Build.codeBuild({ installCommands: ['n 20'], commands: ['npm ci', 'npm run build'], outputDirectory: 'dist' }),
  }));
  expect(buildSpecOf(template)).toEqual({
    version: '0.2',
    phases: { install: { commands: ['n 20'] }, build: { commands: ['npm ci', 'npm run build'] } },
    artifacts: { 'files': ['**/*'], 'base-directory': 'dist' },
  });
});

test('image, compute size, timeout and defaults', () => {
  const { template } = synthPipeline(() => ({
    source: source(),
    buildStep: Build.codeBuild({ commands: ['make'], computeType: codebuild.ComputeType.LARGE }),
    codeBuildDefaults: { timeout: Duration.minutes(20), buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2_5 },
  }));
  template.hasResourceProperties('AWS::CodeBuild::Project', {
    Environment: Match.objectLike({ ComputeType: 'BUILD_GENERAL1_LARGE', Image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0', PrivilegedMode: false }),
    TimeoutInMinutes: 20,
  });
});

test('secrets become Secrets Manager variables, plaintext stays plaintext', () => {
  const { template } = synthPipeline(stack => ({
    source: source(),
    buildStep: Build.codeBuild({
      commands: ['npm publish'],
      environment: { NODE_ENV: 'production' },
      secrets: { NPM_TOKEN: secretsmanager.Secret.fromSecretNameV2(stack, 'Npm', 'shop/npm-token') },
    }),
  }));
  template.hasResourceProperties('AWS::CodeBuild::Project', {
    Environment: Match.objectLike({
      EnvironmentVariables: [
        { Name: 'NODE_ENV', Type: 'PLAINTEXT', Value: 'production' },
        { Name: 'NPM_TOKEN', Type: 'SECRETS_MANAGER', Value: Match.anyValue() },
      ],
    }),
  });
});

test('a build cache caches the package-manager folders', () => {
  const { template } = synthPipeline(() => ({
    source: source(),
    buildStep: Build.codeBuild({ commands: ['npm ci'], cache: codebuild.Cache.local(codebuild.LocalCacheMode.CUSTOM) }),
  }));
  template.hasResourceProperties('AWS::CodeBuild::Project', { Cache: { Type: 'LOCAL', Modes: ['LOCAL_CUSTOM_CACHE'] } });
  expect(buildSpecOf(template).cache.paths).toContain('/root/.npm/**/*');
});

test('tests run in parallel on the source, with JUnit reports', () => {
  const { template } = synthPipeline(() => ({
    source: source(),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    tests: [
      Test.codeBuild({ actionName: 'Unit', commands: ['npm test'], reports: [{ name: 'junit', files: ['reports/*.xml'] }] }),
      Test.codeBuild({ actionName: 'Integration', commands: ['npm run integ'], input: PipelineArtifact.BUILD_OUTPUT }),
    ],
  }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Name: 'Test',
      Actions: [
        Match.objectLike({ Name: 'Unit', RunOrder: 1, InputArtifacts: [{ Name: 'shop_Output' }], ActionTypeId: Match.objectLike({ Category: 'Test' }) }),
        Match.objectLike({ Name: 'Integration', RunOrder: 1, InputArtifacts: [{ Name: 'Build_Output' }] }),
      ],
    })]),
  });
  expect(buildSpecOf(template, 1).reports).toEqual({ junit: { 'files': ['reports/*.xml'], 'file-format': ReportFormat.JUNIT_XML } });
});

describe('bad input', () => {
  const make = (options: any) => () => new DeliveryPipeline(testStack(), 'Pipeline', { source: source(), buildStep: Build.codeBuild(options) });

  test('empty command list', () => {
    expect(make({ commands: [] })).toThrow(/Test\/Pipeline\/Build\/Build: 'commands' is an empty list: give at least one shell command/);
  });
  test('blank command', () => {
    expect(make({ commands: ['npm ci', ' '] })).toThrow(/commands\[1\] is ' ': remove it or give a shell command/);
  });
  test('neither commands nor build spec', () => {
    expect(make({})).toThrow(/no 'commands' and no 'buildSpec' were given/);
  });
  test('both commands and build spec', () => {
    expect(make({ commands: ['x'], buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }) })).toThrow(/give either 'commands' or 'buildSpec', not both/);
  });
  test('a plaintext value under a secret-looking name is rejected without echoing it', () => {
    const error = (() => { try { make({ commands: ['x'], environment: { NPM_TOKEN: 'hunter2hunter2' } })(); } catch (e) { return e as Error; } return undefined; })();
    expect(error?.message).toMatch(/environment.NPM_TOKEN would be stored in plaintext .* pass it as 'secrets: \{ NPM_TOKEN: secret \}'/);
    expect(error?.message).not.toContain('hunter2');
  });
  test('a well-known credential format is rejected whatever its name', () => {
    expect(make({ commands: ['x'], environment: { DEPLOY_WITH: 'AKIAIOSFODNN7EXAMPLE' } })).toThrow(/its value looks like an AWS access key id/);
  });
  test('a variable in both environment and secrets', () => {
    const stack = testStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      buildStep: Build.codeBuild({ commands: ['x'], environment: { MODE: 'a' }, secrets: { MODE: secret } }),
    })).toThrow(/'MODE' is given both in 'environment' and in 'secrets'/);
  });
});

describe('the project role in a VPC, with an S3 cache, and a batch build', () => {
  const synth = () => synthPipeline(stack => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'builds', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    return {
      source: source(),
      buildStep: Build.codeBuild({
        buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', batch: { 'build-list': [{ identifier: 'a' }] }, phases: { build: { commands: ['make'] } } }),
        batchBuild: true,
        vpc,
        cache: codebuild.Cache.bucket(new s3.Bucket(stack, 'Cache')),
      }),
    };
  });

  test('network interfaces in its own subnets and security groups, deleted only in its VPC; no ec2 write on *', () => {
    const { template } = synth();
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => JSON.stringify(st.Action).includes('ec2:'));
    const star = statements.filter((st: any) => st.Resource === '*');
    expect(star.flatMap((st: any) => st.Action)).toEqual(['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs']);
    const create = statements.find((st: any) => st.Action === 'ec2:CreateNetworkInterface');
    expect(JSON.stringify(create.Resource)).toMatch(/network-interface\/\*.*subnet\/.*security-group\//);
    const remove = statements.find((st: any) => st.Action === 'ec2:DeleteNetworkInterface');
    expect(remove.Condition).toEqual({ ArnEquals: { 'ec2:Vpc': expect.anything() } });
    // aws-cdk-lib's inline policy granting CreateNetworkInterface and DeleteNetworkInterface on '*' is not created.
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('ec2:CreateNetworkInterface');
  });

  test('the S3 cache is read and written with exact actions, on its objects and bucket', () => {
    const { template } = synth();
    const cache = Object.keys(template.findResources('AWS::S3::Bucket')).find(id => id.startsWith('Cache'))!;
    const onCache = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => JSON.stringify(st.Resource).includes(cache));
    expect(onCache).toEqual([
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [cache, 'Arn'] }, '/*']] } },
      { Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:ListBucket'], Resource: { 'Fn::GetAtt': [cache, 'Arn'] } },
    ]);
  });

  test('the IAM check finds nothing on the project, its batch role and the CodeBuild action role, and their calls are allowed', async () => {
    const { stack } = synth();
    const report = await checkIam(stack, { requireCalls: true });
    const mine = (role: string) => /Build\/(Build\/|CodeBuildActionRole)/.test(role);
    expect(report.findings.filter(f => mine(f.role)).map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    const roles = report.roles.filter(r => mine(r.role));
    expect(roles.map(r => r.role).sort()).toEqual(['Test/Pipeline/Build/Build/Project/BatchServiceRole', 'Test/Pipeline/Build/Build/ProjectRole', 'Test/Pipeline/Build/CodeBuildActionRole']);
    for (const role of roles) expect(role.calls.length).toBeGreaterThan(0);
  });
});
