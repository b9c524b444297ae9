import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Approval, Build, DeliveryPipeline, DeliveryPipelineProps, Deploy, PipelineArtifact, Source, Test } from '../../src';
import { CONNECTION_ARN, ENV, testStack } from '../util';

const PROD_ACCOUNT = '222222222222';
const DEPLOY_ROLE = `arn:aws:iam::${PROD_ACCOUNT}:role/cdk-hnb659fds-deploy-role-${PROD_ACCOUNT}-${ENV.region}`;
const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });
const resolvedArn = (value: any) => JSON.parse(JSON.stringify(value).replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},"(.*?)"\]\]\}/, '"arn:aws$1"'));

function synth(props: (stack: ReturnType<typeof testStack>) => Omit<DeliveryPipelineProps, 'source'>) {
  const stack = testStack();
  new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: Build.codeBuild({ commands: ['make'] }), ...props(stack) });
  const template = Template.fromStack(stack);
  const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages as any[];
  return { template, stage: (name: string) => stages.find(s => s.Name === name) };
}

const prodExec = (stack: ReturnType<typeof testStack>) =>
  iam.Role.fromRoleArn(stack, 'ProdExec', `arn:aws:iam::${PROD_ACCOUNT}:role/cfn-exec`, { mutable: false });

describe('cross-account steps in custom stages', () => {
  const crossAccount = () => synth(stack => ({
    stages: [{ stageName: 'Release', steps: [Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: prodExec(stack) })] }],
  }));

  test('a CloudFormation deploy whose deployment role is in another account runs there, as that account\'s bootstrap deploy role', () => {
    const { stage, template } = crossAccount();
    expect(resolvedArn(stage('Release').Actions[0].RoleArn)).toBe(DEPLOY_ROLE);
    // No role is made for it in the pipeline's account.
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineReleaseDeployshop'))).toEqual([]);
  });

  test('the artifacts get a customer managed key, and the key and bucket policies admit exactly that role', () => {
    const { template } = crossAccount();
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.includes('ArtifactKey'))![1] as any;
    expect(key.Properties.Description).toBe(`Encrypts the artifacts of Test/Pipeline, shared with account(s) ${PROD_ACCOUNT}`);
    const keyGrants = key.Properties.KeyPolicy.Statement.filter((s: any) => !JSON.stringify(s.Principal).includes(':root'));
    expect(keyGrants.map((s: any) => [s.Action, resolvedArn(s.Principal.AWS)])).toEqual([[['kms:Decrypt', 'kms:DescribeKey'], DEPLOY_ROLE]]);
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: any) => JSON.stringify(p).includes(PROD_ACCOUNT)) as any;
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows.map((s: any) => [s.Action, resolvedArn(s.Principal.AWS)])).toEqual([
      [['s3:GetObject', 's3:GetObjectVersion'], DEPLOY_ROLE],
      [['s3:GetBucketLocation', 's3:GetBucketVersioning', 's3:ListBucket'], DEPLOY_ROLE],
    ]);
  });

  test('any step takes an explicit account and role, in stageLayout too', () => {
    const { stage } = synth(stack => ({
      buildStep: undefined,
      stageLayout: [
        { stageName: 'Build', steps: [Build.codeBuild({ commands: ['make'] })] },
        {
          stageName: 'Publish',
          steps: [Deploy.s3({
            bucket: s3.Bucket.fromBucketName(stack, 'Site', 'prod-site'),
            account: PROD_ACCOUNT,
            crossAccountRole: iam.Role.fromRoleArn(stack, 'Publisher', `arn:aws:iam::${PROD_ACCOUNT}:role/site-publisher`, { mutable: false }),
          })],
        },
      ],
    }));
    expect(stage('Publish').Actions[0].RoleArn).toBe(`arn:aws:iam::${PROD_ACCOUNT}:role/site-publisher`);
  });

  test('an environment without an account takes its CloudFormation deploy\'s', () => {
    const { stage } = synth(stack => ({
      environments: [{ name: 'Live', production: false, deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: prodExec(stack) }) }],
    }));
    expect(resolvedArn(stage('Live').Actions[0].RoleArn)).toBe(DEPLOY_ROLE);
  });

  test('a same-account step keeps its own role and SSE-S3', () => {
    const { template, stage } = synth(stack => ({
      stages: [{ stageName: 'Release', steps: [Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: iam.Role.fromRoleArn(stack, 'Exec', `arn:aws:iam::${ENV.account}:role/cfn-exec`) })] }],
    }));
    expect(JSON.stringify(stage('Release').Actions[0].RoleArn)).toContain('PipelineReleaseDeployshopActionRole');
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter(id => id.includes('ArtifactKey'))).toEqual([]);
  });

  test('a CodeBuild step or an approval in another account is an error saying why', () => {
    expect(() => synth(() => ({ stages: [{ stageName: 'Remote', steps: [Build.codeBuild({ actionName: 'Remote', commands: ['x'], account: PROD_ACCOUNT })] }] })))
      .toThrow(/step 'Remote' of stage 'Remote' runs in another account, but its CodeBuild project is created in the pipeline's account/);
    expect(() => synth(() => ({ stages: [{ stageName: 'Gate', steps: [Approval.manual({ account: PROD_ACCOUNT })] }] })))
      .toThrow(/step 'Approve' of stage 'Gate' is an approval, which runs in the pipeline itself: drop its 'account' and 'region'/);
  });

  test("an environment's test with an account of its own is placed there too, not ignored", () => {
    expect(() => synth(stack => ({
      environments: [{
        name: 'Staging',
        deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'staging-site') }),
        tests: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'], account: PROD_ACCOUNT })],
      }],
    }))).toThrow(/step 'Smoke' of stage 'Staging' runs in another account, but its CodeBuild project is created in the pipeline's account/);
  });

  test('an artifact bucket of your own without a key is an error naming the action', () => {
    expect(() => synth(stack => ({
      artifactBucket: new s3.Bucket(stack, 'Mine', { versioned: true }),
      stages: [{ stageName: 'Release', steps: [Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: prodExec(stack) })] }],
    }))).toThrow(/action 'Deploy-shop' runs in account 222222222222, but the artifact bucket has no customer managed KMS key/);
  });
});

describe('cross-region steps in custom stages', () => {
  const replica = (stack: ReturnType<typeof testStack>, encryptionKey?: kms.IKey) =>
    s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'shop-artifacts-us-east-1', region: 'us-east-1', encryptionKey });

  test('run in their region, with their replication bucket as that region\'s artifact store', () => {
    const { template, stage } = synth(stack => ({
      stages: [{ stageName: 'Edge', steps: [Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'edge-site'), region: 'us-east-1', replicationBucket: replica(stack) })] }],
    }));
    expect(stage('Edge').Actions[0].Region).toBe('us-east-1');
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.ArtifactStores).toEqual(expect.arrayContaining([
      { Region: 'us-east-1', ArtifactStore: { Type: 'S3', Location: 'shop-artifacts-us-east-1' } },
    ]));
  });

  test('reuse the replication bucket an environment of that region gives', () => {
    const { stage } = synth(stack => ({
      environments: [{ name: 'Us', region: 'us-east-1', replicationBucket: replica(stack), deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'UsSite', 'us-site') }) }],
      stages: [{ stageName: 'Edge', steps: [Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'edge-site'), region: 'us-east-1' })] }],
    }));
    expect(stage('Edge').Actions[0].Region).toBe('us-east-1');
  });

  test('without a replication bucket are an error naming the step', () => {
    expect(() => synth(stack => ({
      stages: [{ stageName: 'Edge', steps: [Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'edge-site'), region: 'us-east-1', input: PipelineArtifact.BUILD_OUTPUT })] }],
    }))).toThrow(/step 'DeployS3' of stage 'Edge' is in region us-east-1, but the pipeline is in eu-west-1: .*the step's or environment's 'replicationBucket'/);
  });
});

describe('the pipeline\'s replication buckets', () => {
  test('serve every step and environment of their region that gives none', () => {
    const { template, stage } = synth(stack => ({
      replicationBuckets: { 'us-east-1': s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'shop-artifacts-us-east-1', region: 'us-east-1' }) },
      environments: [{ name: 'Us', region: 'us-east-1', deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'UsSite', 'us-site') }) }],
      stages: [{ stageName: 'Edge', steps: [Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'edge-site'), region: 'us-east-1' })] }],
    }));
    expect(stage('Edge').Actions[0].Region).toBe('us-east-1');
    expect(stage('Us').Actions[0].Region).toBe('us-east-1');
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.ArtifactStores).toEqual(expect.arrayContaining([
      { Region: 'us-east-1', ArtifactStore: { Type: 'S3', Location: 'shop-artifacts-us-east-1' } },
    ]));
  });
});

describe('a step given an existing role (StepOptions.role)', () => {
  const site = (stack: ReturnType<typeof testStack>) => s3.Bucket.fromBucketName(stack, 'Site', 'shop-site');

  test('runs as that role, used as given: the step makes no role and grants it nothing', () => {
    const { template, stage } = synth(stack => ({
      stages: [{
        stageName: 'Release',
        steps: [Deploy.s3({ bucket: site(stack), role: iam.Role.fromRoleArn(stack, 'Deployer', `arn:aws:iam::${ENV.account}:role/site-deployer`, { mutable: false }) })],
      }],
    }));
    expect(stage('Release').Actions[0].RoleArn).toBe(`arn:aws:iam::${ENV.account}:role/site-deployer`);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('PipelineReleaseDeployS3'))).toEqual([]);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('site-deployer');
  });

  test('a role of another account places the step in that account', () => {
    const { template, stage } = synth(stack => ({
      stages: [{
        stageName: 'Release',
        steps: [Deploy.s3({ bucket: site(stack), role: iam.Role.fromRoleArn(stack, 'Deployer', `arn:aws:iam::${PROD_ACCOUNT}:role/site-deployer`, { mutable: false }) })],
      }],
    }));
    expect(stage('Release').Actions[0].RoleArn).toBe(`arn:aws:iam::${PROD_ACCOUNT}:role/site-deployer`);
    const key = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.includes('ArtifactKey'))![1] as any;
    expect(key.Properties.Description).toBe(`Encrypts the artifacts of Test/Pipeline, shared with account(s) ${PROD_ACCOUNT}`);
  });
});

describe('the first stage', () => {
  test('is called Source unless sourceStageName says otherwise', () => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'Pipeline', { source: source(), sourceStageName: 'Fetch', buildStep: Build.codeBuild({ commands: ['make'] }) });
    const stages = (Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
    expect(stages.map((s: any) => s.Name)).toEqual(['Fetch', 'Build']);
  });
});
