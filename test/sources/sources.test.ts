import { Match } from 'aws-cdk-lib/assertions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codestarconnections from 'aws-cdk-lib/aws-codestarconnections';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ActionVariable, Approval, Build, Source } from '../../src';
import { checkIam } from '../../src/iam/check';
import { actionRoleStatements } from '../providers/helpers';
import { CONNECTION_ARN, synthPipeline } from '../util';

const gate = () => ({ stages: [{ stageName: 'Gate', steps: [Approval.manual()] }] });

test('connection source: repository, branch, connection, trigger on push', () => {
  const { template } = synthPipeline(() => ({ source: Source.connection('acme/shop', 'release', { connectionArn: CONNECTION_ARN }), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({
      Actions: [Match.objectLike({
        ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
        Configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'release', DetectChanges: true },
      })],
    })]),
  });
});

test.each([
  ['shop', /repository must be '<owner>\/<name>' \(e.g. 'acme\/shop'\), got 'shop'/],
  ['acme/shop/extra', /got 'acme\/shop\/extra'/],
])('connection source rejects the repository %s', (repo, message) => {
  expect(() => Source.connection(repo, 'main', { connectionArn: CONNECTION_ARN })).toThrow(message);
});

test('connection source rejects a malformed connection ARN', () => {
  expect(() => Source.connection('acme/shop', 'main', { connectionArn: 'arn:aws:iam::111111111111:role/x' }))
    .toThrow(/connectionArn must be a CodeConnections connection ARN .* got 'arn:aws:iam::111111111111:role\/x'/);
});

test('CodeCommit source is triggered by EventBridge, not polling', () => {
  const { template } = synthPipeline(stack => ({ source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main'), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: { RepositoryName: 'shop', BranchName: 'main', PollForSourceChanges: false } })] })]),
  });
  template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'source': ['aws.codecommit'], 'detail-type': ['CodeCommit Repository State Change'] }) });
});

test('S3 source is triggered by the bucket\'s EventBridge notifications, not polling', () => {
  const { template } = synthPipeline(stack => ({ source: Source.s3(new s3.Bucket(stack, 'Drop', { versioned: true, eventBridgeEnabled: true }), 'releases/app.zip'), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: Match.objectLike({ S3ObjectKey: 'releases/app.zip', PollForSourceChanges: false }) })] })]),
  });
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: { 'source': ['aws.s3'], 'detail-type': ['Object Created'], 'detail': { bucket: { name: [{ Ref: Match.stringLikeRegexp('Drop') }] }, object: { key: ['releases/app.zip'] } } },
  });
});

test('S3 source rejects an empty key', () => {
  expect(() => Source.s3(undefined as any, '')).toThrow(/key must be an object key such as 'releases\/app.zip'/);
});

test('ECR source follows an image tag', () => {
  const { template } = synthPipeline(stack => ({ source: Source.ecr(ecr.Repository.fromRepositoryName(stack, 'Images', 'shop'), { imageTag: 'release' }), ...gate() }));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'ECR' }), Configuration: { RepositoryName: 'shop', ImageTag: 'release' } })] })]),
  });
});

describe('a connection ARN known only at deploy time', () => {
  // The ARN of a connection created in the same app: its service field (codestar-connections or
  // codeconnections) is a token at synth, so each UseConnection is granted on the ARN rewritten to its prefix.
  const synth = () => synthPipeline(stack => ({
    source: Source.connection('acme/shop', 'main', {
      connectionArn: new codestarconnections.CfnConnection(stack, 'GitHub', { connectionName: 'github', providerType: 'GitHub' }).attrConnectionArn,
      codeBuildCloneOutput: true,
    }),
    buildStep: Build.codeBuild({ commands: ['git log -1'] }),
    stages: [{ stageName: 'Package', steps: [Build.commands({ commands: ['git describe'] })] }],
  }));

  test('each prefix\'s action is granted on the connection\'s ARN under that prefix', () => {
    const { template } = synth();
    const part = (i: number) => ({ 'Fn::Select': [i, { 'Fn::Split': [':', { 'Fn::GetAtt': ['GitHub', 'ConnectionArn'] }] }] });
    const under = (service: string) => ({ 'Fn::Join': [':', ['arn', part(1), service, part(3), part(4), part(5)]] });
    const statements = actionRoleStatements(template, 'Source', 'shop');
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: under('codeconnections') },
      { Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: under('codestar-connections') },
    ]));
  });

  test('the IAM check finds no dead grant, and the call of the connection\'s prefix allowed, for the source, the project and Commands', async () => {
    const { stack } = synth();
    const report = await checkIam(stack);
    expect(report.findings.filter(f => /Source|Build|Package/.test(f.role)).map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    const calls = report.roles.filter(r => /Source\/shop|Build\/Build\/ProjectRole|Package\/Commands/.test(r.role))
      .flatMap(r => r.calls).filter(c => c.action === 'codestar-connections:UseConnection');
    expect(calls.map(c => `${c.decision} ${c.resource}`)).toEqual(Array(3).fill('Allowed arn:aws:codestar-connections:eu-west-1:111111111111:connection/github'));
  });

  test("cdk-nag's IAM rules evaluate the grants (no rule error) and find nothing on the connection", () => {
    const { stack } = synth();
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
      const iam = pack.validateScope(stack).violations.filter(v => /IAM/.test(v.ruleName));
      // A rule that fails on an intrinsic (e.g. an action built with Fn::Join) reports the whole rule, with
      // no finding id, which no exact acknowledgement can cover.
      expect(iam.filter(v => !v.ruleName.includes('[')).map(v => `${v.ruleName}: ${v.description}`)).toEqual([]);
      expect(iam.filter(v => /connection/i.test(v.ruleName)).map(v => v.ruleName)).toEqual([]);
    }
  });
});

describe('the action reference keys of each source, typed', () => {
  const sourceStages = (template: any) => Object.values(template.findResources('AWS::CodePipeline::Pipeline') as Record<string, any>)[0].Properties.Stages;

  test('CodeCommit: pollForSourceChanges polls (PollForSourceChanges true) and creates no EventBridge rule', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main', { pollForSourceChanges: true }), ...gate(),
    }));
    expect(sourceStages(template)[0].Actions[0].Configuration).toEqual({ RepositoryName: 'shop', BranchName: 'main', PollForSourceChanges: true });
    expect(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.objectLike({ source: ['aws.codecommit'] }) } })).toEqual({});
  });

  test('CodeCommit: codeBuildCloneOutput false writes OutputArtifactFormat CODE_ZIP, true CODEBUILD_CLONE_REF', () => {
    const format = (codeBuildCloneOutput: boolean) => sourceStages(synthPipeline(stack => ({
      source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main', { codeBuildCloneOutput }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    })).template)[0].Actions[0].Configuration.OutputArtifactFormat;
    expect(format(false)).toBe('CODE_ZIP');
    expect(format(true)).toBe('CODEBUILD_CLONE_REF');
  });

  test('connection: codeBuildCloneOutput false writes OutputArtifactFormat CODE_ZIP; triggerOnPush false is DetectChanges false', () => {
    const { template } = synthPipeline(() => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN, codeBuildCloneOutput: false, triggerOnPush: false }), ...gate(),
    }));
    expect(sourceStages(template)[0].Actions[0].Configuration).toMatchObject({ OutputArtifactFormat: 'CODE_ZIP', DetectChanges: false });
  });

  test('S3: pollForSourceChanges polls and creates no rule; allowObjectKeyOverride is AllowOverrideForS3ObjectKey and reads any object of the bucket', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.s3(s3.Bucket.fromBucketName(stack, 'Drop', 'shop-drop'), 'releases/app.zip', { pollForSourceChanges: true, allowObjectKeyOverride: true }), ...gate(),
    }));
    expect(sourceStages(template)[0].Actions[0].Configuration).toEqual({
      S3Bucket: 'shop-drop', S3ObjectKey: 'releases/app.zip', PollForSourceChanges: true, AllowOverrideForS3ObjectKey: true,
    });
    expect(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.objectLike({ source: ['aws.s3'] }) } })).toEqual({});
    const statements = actionRoleStatements(template, 'Source', 'S3Source');
    const objects = statements.find(s => JSON.stringify(s.Action).includes('s3:GetObjectVersion'));
    expect(JSON.stringify(objects.Resource)).toContain('shop-drop/*');
  });

  test('S3: without allowObjectKeyOverride the role reads exactly the configured key, and no AllowOverrideForS3ObjectKey is written', () => {
    const { template } = synthPipeline(stack => ({ source: Source.s3(s3.Bucket.fromBucketName(stack, 'Drop', 'shop-drop'), 'releases/app.zip'), ...gate() }));
    expect(sourceStages(template)[0].Actions[0].Configuration.AllowOverrideForS3ObjectKey).toBeUndefined();
    const objects = actionRoleStatements(template, 'Source', 'S3Source').find(s => JSON.stringify(s.Action).includes('s3:GetObjectVersion'));
    expect(JSON.stringify(objects.Resource)).toContain('shop-drop/releases/app.zip');
  });

  test('S3: the IAM check allows the documented reads, another object too once the key may be overridden', async () => {
    const { stack } = synthPipeline(s => ({
      source: Source.s3(s3.Bucket.fromBucketName(s, 'Drop', 'shop-drop'), 'releases/app.zip', { allowObjectKeyOverride: true }), ...gate(),
    }));
    const report = await checkIam(stack);
    expect(report.findings.filter(f => /Source/.test(f.role)).map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    const reads = report.roles.filter(r => /Source\/S3Source/.test(r.role)).flatMap(r => r.calls).filter(c => c.action === 's3:GetObject');
    expect(reads.map(c => `${c.decision} ${c.resource}`)).toEqual(expect.arrayContaining(['Allowed arn:aws:s3:::shop-drop/other/releases/app.zip']));
  });

  test.each([
    ['CodeCommit', (stack: any) => Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main', { pollForSourceChanges: true, triggerOnPush: true })],
    ['S3', (stack: any) => Source.s3(s3.Bucket.fromBucketName(stack, 'Drop', 'shop-drop'), 'app.zip', { pollForSourceChanges: true, triggerOnUpload: true })],
  ])('%s: polling and the EventBridge rule together would start every change twice', (_, source) => {
    expect(() => synthPipeline(stack => ({ source: source(stack), ...gate() })))
      .toThrow(/pollForSourceChanges and trigger\w+ would both start the pipeline on every \w+ \(duplicate executions\): keep one of them/);
  });
});

describe('a source\'s variables namespace', () => {
  const actions = (template: any) => Object.values(template.findResources('AWS::CodePipeline::Pipeline') as Record<string, any>)[0].Properties.Stages
    .flatMap((s: any) => s.Actions);

  test.each([
    ['connection', 'CommitId', () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN, variablesNamespace: 'Src' })],
    ['CodeCommit', 'CommitId', (stack: any) => Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main', { variablesNamespace: 'Src' })],
    ['S3', 'VersionId', (stack: any) => Source.s3(s3.Bucket.fromBucketName(stack, 'Drop', 'shop-drop'), 'app.zip', { variablesNamespace: 'Src' })],
    ['ECR', 'ImageURI', (stack: any) => Source.ecr(ecr.Repository.fromRepositoryName(stack, 'Images', 'shop'), { variablesNamespace: 'Src' })],
  ])('%s: variablesNamespace is the action\'s Namespace, read by a later action (%s)', (_, variable, source) => {
    const { template } = synthPipeline(stack => ({
      source: source(stack),
      stages: [{ stageName: 'Gate', steps: [Approval.manual({ comment: `Release #{Src.${variable}}` })] }],
    }));
    expect(actions(template)[0].Namespace).toBe('Src');
  });

  test('ActionVariable.of names the namespace after the action when the source sets none', () => {
    const source = Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });
    const commit = ActionVariable.of(source, 'CommitId');
    const { template } = synthPipeline(() => ({ source, stages: [{ stageName: 'Gate', steps: [Approval.manual({ comment: `Release ${commit.reference()}` })] }] }));
    expect(actions(template)[0].Namespace).toBe('shop');
    expect(commit.reference()).toBe('#{shop.CommitId}');
  });

  test('ActionVariable.of a source with another namespace of its own is a conflict', () => {
    const source = Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN, variablesNamespace: 'Src' });
    ActionVariable.of(source, 'CommitId');
    expect(() => synthPipeline(() => ({ source, ...gate() }))).toThrow(/sets the variables namespace 'Src', but ActionVariable.of reads it as 'shop'/);
  });
});
