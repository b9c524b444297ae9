import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Build, DeliveryPipeline, PipelineArtifact, ReportFormat, Source, Test } from '../../src';
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
      Test.codeBuild({ name: 'Unit', commands: ['npm test'], reports: [{ name: 'junit', files: ['reports/*.xml'] }] }),
      Test.codeBuild({ name: 'Integration', commands: ['npm run integ'], input: PipelineArtifact.BUILD_OUTPUT }),
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
