import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Approval, Build, DeliveryEnvironment, DeliveryPipeline, DeliveryPipelineProps, Deploy, EntryResult, FailureResult, Source, Test,
} from '../../src';
import { CONNECTION_ARN, ENV, testStack } from '../util';

const PROD_ACCOUNT = '222222222222';
const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function cfnDeploy(stack: Stack, name: string, options: { changeSet?: boolean; account?: string } = {}): Deploy {
  return Deploy.cloudFormation({
    actionName: `Deploy-${name}`,
    stackName: `shop-${name.toLowerCase()}`,
    templatePath: `Shop-${name}.template.json`,
    deploymentRole: iam.Role.fromRoleArn(stack, `${name}Exec`, `arn:aws:iam::${options.account ?? ENV.account}:role/cfn-exec`, { mutable: false }),
    useChangeSet: options.changeSet,
  });
}

function promote(environments: (stack: Stack) => DeliveryEnvironment[], extra: (stack: Stack) => Partial<DeliveryPipelineProps> = () => ({})) {
  const stack = testStack();
  const pipeline = new DeliveryPipeline(stack, 'Pipeline', {
    source: source(),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    environments: environments(stack),
    ...extra(stack),
  });
  const template = Template.fromStack(stack);
  const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages as any[];
  return { stack, pipeline, template, stages, stage: (name: string) => stages.find(s => s.Name === name) };
}

describe('promotion through environments', () => {
  test('one stage per environment in order; production gets an approval stage and rollback on failure', () => {
    const { stages, stage } = promote(stack => [
      { name: 'Dev', deploy: cfnDeploy(stack, 'Dev') },
      { name: 'Staging', deploy: cfnDeploy(stack, 'Staging') },
      { name: 'Prod', deploy: cfnDeploy(stack, 'Prod') },
    ]);
    expect(stages.map(s => s.Name)).toEqual(['Source', 'Build', 'Dev', 'Staging', 'Approve-Prod', 'Prod']);
    expect(stage('Approve-Prod').Actions[0]).toEqual(expect.objectContaining({
      ActionTypeId: expect.objectContaining({ Category: 'Approval', Provider: 'Manual' }),
      Configuration: expect.objectContaining({ CustomData: 'Promote the release to Prod' }),
    }));
    expect(stage('Prod').OnFailure).toEqual({ Result: 'ROLLBACK' });
    expect(stage('Dev').OnFailure).toBeUndefined();
    expect(stage('Staging').OnFailure).toBeUndefined();
  });

  test.each(['prod', 'Production', 'PROD'])('an environment named %s is production', name => {
    const { stage } = promote(stack => [{ name, deploy: cfnDeploy(stack, 'P') }]);
    expect(stage(name).OnFailure).toEqual({ Result: 'ROLLBACK' });
    expect(stage(`Approve-${name}`)).toBeDefined();
  });

  test('the production flag wins over the name', () => {
    const { stages } = promote(stack => [
      { name: 'Live', production: true, deploy: cfnDeploy(stack, 'Live') },
      { name: 'prod', production: false, deploy: cfnDeploy(stack, 'Sandbox') },
    ]);
    expect(stages.map(s => s.Name)).toEqual(['Source', 'Build', 'Approve-Live', 'Live', 'prod']);
  });

  test('production without an approval or rollback, and a non-production environment with both', () => {
    const { stages, stage } = promote(stack => [
      { name: 'Staging', deploy: cfnDeploy(stack, 'Staging'), approval: Approval.manual({ comment: 'QA sign-off' }), rollbackOnFailure: true },
      { name: 'Prod', deploy: cfnDeploy(stack, 'Prod'), requireApproval: false, rollbackOnFailure: false },
    ]);
    expect(stages.map(s => s.Name)).toEqual(['Source', 'Build', 'Approve-Staging', 'Staging', 'Prod']);
    expect(stage('Approve-Staging').Actions[0].Configuration.CustomData).toBe('QA sign-off');
    expect(stage('Staging').OnFailure).toEqual({ Result: 'ROLLBACK' });
    expect(stage('Prod').OnFailure).toBeUndefined();
  });

  test("an environment's tests run after its deploy (also after a change set's execute), in the same stage", () => {
    const { stage } = promote(stack => [{
      name: 'Staging',
      deploy: cfnDeploy(stack, 'Staging', { changeSet: true }),
      tests: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'] }), Test.codeBuild({ actionName: 'Api', commands: ['make api'] })],
    }]);
    expect(stage('Staging').Actions.map((a: any) => [a.Name, a.RunOrder])).toEqual([
      ['Deploy-Staging-Prepare', 1], ['Deploy-Staging-Execute', 2], ['Smoke', 3], ['Api', 3],
    ]);
  });

  test('alarms gate entry into the environment and roll it back when they fire within the bake time', () => {
    const { stage } = promote(stack => [{
      name: 'Prod',
      deploy: cfnDeploy(stack, 'Prod'),
      alarms: [cloudwatch.Alarm.fromAlarmArn(stack, 'Errors', `arn:aws:cloudwatch:${ENV.region}:${ENV.account}:alarm:shop-5xx`)],
    }]);
    expect(stage('Prod').BeforeEntry).toEqual({
      Conditions: [{ Result: 'FAIL', Rules: [expect.objectContaining({ Configuration: { AlarmName: 'shop-5xx', AlarmStates: 'ALARM' } })] }],
    });
    expect(stage('Prod').OnSuccess).toEqual({
      Conditions: [{ Result: 'ROLLBACK', Rules: [expect.objectContaining({ Configuration: { AlarmName: 'shop-5xx', AlarmStates: 'ALARM', WaitTime: '10' } })] }],
    });
  });

  test("an environment's own conditions replace the defaults of the same hook", () => {
    const { stage } = promote(stack => [{
      name: 'Prod',
      deploy: cfnDeploy(stack, 'Prod'),
      conditions: { onFailure: { result: FailureResult.RETRY }, beforeEntry: { rules: [], result: EntryResult.SKIP } },
      alarms: [],
    }].map(e => ({ ...e, conditions: { onFailure: e.conditions.onFailure } })));
    expect(stage('Prod').OnFailure).toEqual({ Result: 'RETRY', RetryConfiguration: { RetryMode: 'FAILED_ACTIONS' } });
  });

  test('same-account environments keep SSE-S3: no artifact key', () => {
    const { template } = promote(stack => [{ name: 'Dev', deploy: cfnDeploy(stack, 'Dev'), account: ENV.account, region: ENV.region }]);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter(id => id.includes('ArtifactKey'))).toEqual([]);
  });
});

describe('cross-account environments', () => {
  const deployRoleArn = `arn:aws:iam::${PROD_ACCOUNT}:role/cdk-hnb659fds-deploy-role-${PROD_ACCOUNT}-${ENV.region}`;
  const crossAccount = () => promote(stack => [
    { name: 'Staging', deploy: cfnDeploy(stack, 'Staging') },
    { name: 'Prod', account: PROD_ACCOUNT, deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }) },
  ]);
  const resolvedArn = (value: any) => JSON.parse(JSON.stringify(value).replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},"(.*?)"\]\]\}/, '"arn:aws$1"'));

  test('the deploy runs as the bootstrap deploy role of the target account, referenced by ARN; no role is made for it here', () => {
    const { stage, template } = crossAccount();
    expect(resolvedArn(stage('Prod').Actions[0].RoleArn)).toBe(deployRoleArn);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineProdDeployProd'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineStagingDeployStaging'))).toHaveLength(1);
  });

  test('artifacts are encrypted with a rotated customer managed key', () => {
    const { template } = crossAccount();
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: `Encrypts the artifacts of Test/Pipeline, shared with account(s) ${PROD_ACCOUNT}` });
    const keyId = Object.keys(template.findResources('AWS::KMS::Key')).find(id => id.includes('ArtifactKey'))!;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }] },
    });
  });

  test('the key and bucket policies admit exactly the target role, with exact actions', () => {
    const { template } = crossAccount();
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.includes('ArtifactKey'))![1] as any;
    const keyGrants = key.Properties.KeyPolicy.Statement.filter((s: any) => !JSON.stringify(s.Principal).includes(':root'));
    expect(keyGrants.map((s: any) => [s.Action, resolvedArn(s.Principal.AWS)])).toEqual([[['kms:Decrypt', 'kms:DescribeKey'], deployRoleArn]]);
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: any) => JSON.stringify(p).includes(PROD_ACCOUNT)) as any;
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows.map((s: any) => [s.Action, resolvedArn(s.Principal.AWS)])).toEqual([
      [['s3:GetObject', 's3:GetObjectVersion'], deployRoleArn],
      [['s3:GetBucketLocation', 's3:GetBucketVersioning', 's3:ListBucket'], deployRoleArn],
    ]);
  });

  test('a deploy role of your own', () => {
    const { stage } = promote(stack => [{
      name: 'Prod',
      account: PROD_ACCOUNT,
      deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }),
      deployRole: iam.Role.fromRoleArn(stack, 'Own', `arn:aws:iam::${PROD_ACCOUNT}:role/shop-deployer`, { mutable: false }),
    }]);
    expect(stage('Prod').Actions[0].RoleArn).toBe(`arn:aws:iam::${PROD_ACCOUNT}:role/shop-deployer`);
  });

  test("a deploy's given role (StepOptions.role) in the pipeline's account: the deploy runs as it and makes no action role", () => {
    const { stage, template } = promote(stack => [{
      name: 'Staging',
      deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site'), role: iam.Role.fromRoleArn(stack, 'Given', `arn:aws:iam::${ENV.account}:role/site-deployer`, { mutable: false }) }),
    }]);
    expect(stage('Staging').Actions[0].RoleArn).toBe(`arn:aws:iam::${ENV.account}:role/site-deployer`);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineStaging'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter(id => id.includes('ArtifactKey'))).toEqual([]);
  });

  test("a deploy's given role of another account places the environment there: artifacts are shared with that role", () => {
    const givenArn = `arn:aws:iam::${PROD_ACCOUNT}:role/site-deployer`;
    const { stage, template } = promote(stack => [{
      name: 'Staging',
      deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site'), role: iam.Role.fromRoleArn(stack, 'Given', givenArn, { mutable: false }) }),
    }]);
    expect(stage('Staging').Actions[0].RoleArn).toBe(givenArn);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineStaging'))).toEqual([]);
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.includes('ArtifactKey'))![1] as any;
    const keyGrants = key.Properties.KeyPolicy.Statement.filter((s: any) => !JSON.stringify(s.Principal).includes(':root'));
    expect(keyGrants.map((s: any) => s.Principal.AWS)).toEqual([givenArn]);
  });

  test('a given artifact key is used instead of creating one', () => {
    const { template } = promote(
      stack => [{ name: 'Prod', account: PROD_ACCOUNT, deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }) }],
      stack => ({ artifactStorage: { encryptionKey: new kms.Key(stack, 'MyKey', { enableKeyRotation: true }) } }),
    );
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter(id => id.includes('ArtifactKey'))).toEqual([]);
  });

  test('a cross-account action with an artifact bucket that has no key is an error saying what to set', () => {
    expect(() => promote(
      stack => [{ name: 'Prod', account: PROD_ACCOUNT, deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }) }],
      stack => ({ artifactBucket: new s3.Bucket(stack, 'Mine', { versioned: true }) }),
    )).toThrow(/action 'Deploy-Prod' runs in account 222222222222, but the artifact bucket has no customer managed KMS key, .*: declare the account on the environment .*, set 'artifactStorage.encryptionKey', or pass an 'artifactBucket' encrypted with a KMS key/);
  });

  test('an environment in another account needs a pipeline stack with an explicit account', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Agnostic');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      environments: [{ name: 'Prod', account: PROD_ACCOUNT, deploy: cfnDeploy(stack, 'Prod') }],
    })).toThrow(/environment 'Prod' names account '222222222222', but the pipeline's stack has no explicit account: give the stack an 'env'/);
  });
});

describe('cross-region environments', () => {
  test('need a replication bucket in the target region', () => {
    expect(() => promote(stack => [{ name: 'Prod', region: 'us-east-1', deploy: cfnDeploy(stack, 'Prod') }]))
      .toThrow(/environment 'Prod' is in region us-east-1, but the pipeline is in eu-west-1: .*give a versioned bucket in that region .*the step's or environment's 'replicationBucket', the pipeline's 'replicationBuckets'/);
  });

  test('in another account too, need a replication bucket with a KMS key', () => {
    expect(() => promote(stack => [{
      name: 'Prod',
      region: 'us-east-1',
      account: PROD_ACCOUNT,
      deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }),
      replicationBucket: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'shop-artifacts-us-east-1', region: 'us-east-1' }),
    }])).toThrow(/environment 'Prod' is in another account and region, so its replication bucket must be encrypted with a customer managed KMS key/);
  });

  test('run their deploy in the target region, with the replication bucket as that region\'s artifact store', () => {
    const { template, stage } = promote(stack => [{
      name: 'Prod',
      region: 'us-east-1',
      deploy: cfnDeploy(stack, 'Prod'),
      replicationBucket: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'shop-artifacts-us-east-1', region: 'us-east-1' }),
    }]);
    expect(stage('Prod').Actions[0].Region).toBe('us-east-1');
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.ArtifactStores).toEqual(expect.arrayContaining([
      { Region: 'us-east-1', ArtifactStore: { Type: 'S3', Location: 'shop-artifacts-us-east-1' } },
    ]));
  });
});

describe('environment errors', () => {
  test('two environments with one name', () => {
    expect(() => promote(stack => [{ name: 'Dev', deploy: cfnDeploy(stack, 'A') }, { name: 'dev', deploy: cfnDeploy(stack, 'B') }]))
      .toThrow(/two environments are called 'dev': environment names become stage names and must be unique/);
  });

  test('an approval that is not required', () => {
    expect(() => promote(stack => [{ name: 'Prod', deploy: cfnDeploy(stack, 'Prod'), approval: Approval.manual(), requireApproval: false }]))
      .toThrow(/environment 'Prod' has an 'approval' but 'requireApproval' is false: drop one of them/);
  });

  test('more than five alarms', () => {
    expect(() => promote(stack => [{
      name: 'Prod',
      deploy: cfnDeploy(stack, 'Prod'),
      alarms: [1, 2, 3, 4, 5, 6].map(i => cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, `arn:aws:cloudwatch:${ENV.region}:${ENV.account}:alarm:a${i}`)),
    }])).toThrow(/environment 'Prod' has 6 alarms; a stage condition takes 5 rules: combine them into a cloudwatch.CompositeAlarm/);
  });

  test('production alarms in another account without an alarm role', () => {
    expect(() => promote(stack => [{
      name: 'Prod',
      account: PROD_ACCOUNT,
      deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }),
      alarms: [cloudwatch.Alarm.fromAlarmArn(stack, 'Errors', `arn:aws:cloudwatch:${ENV.region}:${PROD_ACCOUNT}:alarm:shop-5xx`)],
    }])).toThrow(/the CloudWatchAlarm rule reads a resource in account 222222222222, but the pipeline is in 111111111111: give the rule a 'role' in that account \(alarmRole for environments\)/);
  });

  test('environments on a V1 pipeline with production defaults name the V2 feature', () => {
    expect(() => promote(stack => [{ name: 'Prod', deploy: cfnDeploy(stack, 'Prod') }], () => ({ pipelineType: 'V1' as any })))
      .toThrow(/stage 'Prod' uses 'onFailure' \(automatic rollback\), a CodePipeline V2 feature, but pipelineType is V1/);
  });
});

test('environments, conditions and a cross-account deploy also work with a nested stack per stage', () => {
  const { stage, template } = promote(stack => [
    { name: 'Staging', deploy: cfnDeploy(stack, 'Staging'), tests: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'] })] },
    {
      name: 'Prod',
      account: PROD_ACCOUNT,
      deploy: cfnDeploy(stack, 'Prod', { account: PROD_ACCOUNT }),
      alarms: [cloudwatch.Alarm.fromAlarmArn(stack, 'Errors', `arn:aws:cloudwatch:${ENV.region}:${ENV.account}:alarm:shop-5xx`)],
    },
  ], () => ({ stageStacks: true }));
  expect(Object.keys(template.findResources('AWS::CloudFormation::Stack')).length).toBeGreaterThanOrEqual(4);
  expect(JSON.stringify(stage('Prod').Actions[0].RoleArn)).toContain(`:iam::${PROD_ACCOUNT}:role/cdk-hnb659fds-deploy-role-`);
  expect(stage('Prod').OnSuccess.Conditions[0].Result).toBe('ROLLBACK');
  expect(stage('Staging').Actions.map((a: any) => a.RunOrder)).toEqual([1, 2]);
});
