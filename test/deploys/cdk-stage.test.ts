import * as path from 'path';
import { App, Stack, Stage, StageProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { Build, DeliveryPipeline, Deploy, Source } from '../../src';
import { DocumentedCalls } from '../../src/iam/documented-calls';
import { CONNECTION_ARN, ENV } from '../util';

const FIXTURES = path.join(__dirname, 'fixtures', 'service');
const PROD = { account: '222222222222', region: 'eu-west-1' };

interface ServiceStageProps extends StageProps {
  readonly files?: number;
  readonly images?: number;
}

/** A stage of a data stack and a service stack (which depends on it) with N file and M image assets. */
class ServiceStage extends Stage {
  constructor(scope: Construct, id: string, props: ServiceStageProps) {
    super(scope, id, props);
    const data = new Stack(this, 'Data');
    const service = new Stack(this, 'Service');
    service.addStackDependency(data);
    for (let i = 0; i < (props.files ?? 1); i++) new s3Assets.Asset(service, `File${i}`, { path: FIXTURES, assetHash: `file${i}` });
    for (let i = 0; i < (props.images ?? 1); i++) new ecrAssets.DockerImageAsset(service, `Image${i}`, { directory: path.join(FIXTURES, 'image'), extraHash: `${i}` });
  }
}

function pipelineWith(build: (stack: Stack) => Build, stages: (app: App) => Array<{ stage: Stage; account?: string }>) {
  const app = new App({ builtinCloudFormationValidation: false });
  const made = stages(app);
  const stack = new Stack(app, 'Pipeline', { env: ENV });
  const pipeline = new DeliveryPipeline(stack, 'Delivery', {
    source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
    buildStep: build(stack),
    environments: made.map(({ stage, account }) => ({ name: stage.stageName, deploy: Deploy.cdkStage(stage), account })),
  });
  const template = Template.fromStack(stack);
  const stagesOut = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
  return { app, stack, pipeline, template, stages: stagesOut };
}

const role = (account: string, kind: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-${kind}-role-${account}-eu-west-1`;

function projectOf(template: Template, action: any): any {
  return template.toJSON().Resources[action.Configuration.ProjectName.Ref];
}

function statementsOf(template: Template, roleLogicalId: string): any[] {
  return (Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[])
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('Deploy.cdkStage', () => {
  test('one asset-publishing action, then a change set per stack in dependency order, as the bootstrap roles', () => {
    const { stages } = pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV, files: 2, images: 1 }) }]);
    const dev = stages.find((s: any) => s.Name === 'Dev');
    expect(dev.Actions.map((a: any) => [a.Name, a.RunOrder, a.ActionTypeId.Provider, a.Configuration.ActionMode ?? ''])).toEqual([
      ['Assets', 1, 'CodeBuild', ''],
      ['Data.Prepare', 2, 'CloudFormation', 'CHANGE_SET_REPLACE'],
      ['Data.Deploy', 3, 'CloudFormation', 'CHANGE_SET_EXECUTE'],
      ['Service.Prepare', 4, 'CloudFormation', 'CHANGE_SET_REPLACE'],
      ['Service.Deploy', 5, 'CloudFormation', 'CHANGE_SET_EXECUTE'],
    ]);
    const prepare = dev.Actions[3];
    expect(prepare.RoleArn).toEqual(role(ENV.account, 'deploy'));
    expect(prepare.Configuration).toMatchObject({
      StackName: 'Dev-Service',
      RoleArn: role(ENV.account, 'cfn-exec'),
      TemplatePath: 'Synth_Output::cdk.out/assembly-Dev/DevServiceED593074.template.json',
      Capabilities: 'CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
    });
    expect(dev.Actions[4].RoleArn).toEqual(role(ENV.account, 'deploy'));
  });

  test('the asset action runs cdk-assets once per asset, all in parallel, over the stage\'s asset manifest', () => {
    const { template, stages } = pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV, files: 3, images: 2 }) }]);
    const assets = stages.find((s: any) => s.Name === 'Dev').Actions[0];
    const project = projectOf(template, assets);
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(spec.phases.install.commands).toEqual(['npm install --global cdk-assets@^3']);
    const [cd, script] = spec.phases.build.commands;
    expect(cd).toBe('cd cdk.out/assembly-Dev');
    const publishes = script.split('\n').filter((l: string) => l.startsWith('cdk-assets'));
    expect(publishes).toHaveLength(5);
    for (const line of publishes) expect(line).toMatch(/^cdk-assets --path DevServiceED593074\.assets\.json --verbose publish [0-9a-f]{64}:111111111111-eu-west-1(-[0-9a-f]{8})? & pids\+=\(\$!\)$/);
    expect(script).toContain('for pid in "${pids[@]}"; do wait "$pid" || exit 1; done');
    // Image assets are built with Docker: this project is privileged, the synth project is not.
    const privileged = (Object.values(template.findResources('AWS::CodeBuild::Project')) as any[]).map(p => p.Properties.Environment.PrivilegedMode);
    expect(privileged).toEqual([false, true]);
    // It may assume exactly the stage's file and image publishing roles, nothing else.
    const statements = statementsOf(template, project.Properties.ServiceRole['Fn::GetAtt'][0]).filter(s => [s.Action].flat().includes('sts:AssumeRole'));
    expect(statements).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Resource: [role(ENV.account, 'file-publishing'), role(ENV.account, 'image-publishing')],
    }]);
  });

  test('a stage with only file assets gets an unprivileged asset project; a stage without assets gets none', () => {
    const files = pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV, files: 1, images: 0 }) }]);
    expect((Object.values(files.template.findResources('AWS::CodeBuild::Project')) as any[]).map(p => p.Properties.Environment.PrivilegedMode)).toEqual([false, false]);
    const none = pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV, files: 0, images: 0 }) }]);
    expect(none.stages.find((s: any) => s.Name === 'Dev').Actions.map((a: any) => a.Name)).toEqual(['Data.Prepare', 'Data.Deploy', 'Service.Prepare', 'Service.Deploy']);
  });

  test('another account: its own bootstrap roles deploy, assets are published from the pipeline account, the key and bucket admit the deploy role', () => {
    const { template, stages, pipeline } = pipelineWith(() => Build.cdkSynth(), app => [
      { stage: new ServiceStage(app, 'Dev', { env: ENV }) },
      { stage: new ServiceStage(app, 'Prod', { env: PROD }), account: PROD.account },
    ]);
    const prod = stages.find((s: any) => s.Name === 'Prod');
    expect(prod.Actions[0].RoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DeliveryProdCodeBuildActionRole/), 'Arn'] });
    for (const action of prod.Actions.slice(1)) expect(action.RoleArn).toEqual(role(PROD.account, 'deploy'));
    expect(prod.Actions[1].Configuration.RoleArn).toEqual(role(PROD.account, 'cfn-exec'));
    const assetsRole = projectOf(template, prod.Actions[0]).Properties.ServiceRole['Fn::GetAtt'][0];
    expect(statementsOf(template, assetsRole).find(s => s.Action === 'sts:AssumeRole').Resource)
      .toEqual([role(PROD.account, 'file-publishing'), role(PROD.account, 'image-publishing')]);
    const key = Object.values(template.findResources('AWS::KMS::Key'))
      .find((k: any) => JSON.stringify(k.Properties.KeyPolicy).includes('cdk-hnb659fds-deploy-role-222222222222')) as any;
    expect(key).toBeDefined();
    const keyStatement = key.Properties.KeyPolicy.Statement.find((s: any) => JSON.stringify(s.Principal).includes('deploy-role-222222222222'));
    expect(keyStatement.Action).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    const bucketPolicy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(bucketPolicy).toContain('cdk-hnb659fds-deploy-role-222222222222-eu-west-1');
    expect(bucketPolicy).toContain('cdk-hnb659fds-deploy-role-111111111111-eu-west-1');
    // The IAM check's view: the project may assume the publishing roles and must not assume the deploy role.
    const project = pipeline.projects.find(p => p.node.path.includes('/Prod/'))!;
    expect(DocumentedCalls.of(project.role!).map(c => c.action).filter(a => a.startsWith('sts:'))).toEqual(['sts:AssumeRole', 'sts:AssumeRole']);
    expect(DocumentedCalls.deniedOf(project.role!).map(c => c.resource)).toContainEqual(expect.stringContaining('cdk-hnb659fds-deploy-role-222222222222'));
  });

  test('bad input: an environment-agnostic stack is an error naming its path, the value and the fix', () => {
    expect(() => pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', {}) }]))
      .toThrow("Dev/Data: the stack is environment-agnostic (account 'unresolved', region 'unresolved'), so the pipeline cannot know which account's bootstrap roles deploy it: " +
        "give the stage or the stack an env, e.g. new ServiceStage(app, 'Dev', { env: { account: '111111111111', region: 'eu-west-1' } })");
    expect(() => pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Dev', { env: { region: 'eu-west-1' } }) }]))
      .toThrow(/Dev\/Data: the stack is environment-agnostic \(account 'unresolved', region 'eu-west-1'\)/);
  });

  test('bad input: a build that does not produce the cloud assembly is an error naming both steps and the fix', () => {
    expect(() => pipelineWith(stack => Build.containerImage({ repository: ecr.Repository.fromRepositoryName(stack, 'Repo', 'web'), containerName: 'web' }),
      app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV }) }]))
      .toThrow("Pipeline/Delivery/Dev/Dev: this step reads the cloud assembly of stage 'Dev' 'cdk.out/assembly-Dev/manifest.json' from artifact 'Build_Output', " +
        "but the step that writes that artifact, 'Build' (stage 'Build', Build.containerImage), declares only 'imagedefinitions.json': ");
    expect(() => pipelineWith(() => Build.cdkSynth({ cloudAssemblyDirectory: 'infra/cdk.out' }), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV }) }]))
      .toThrow(/declares only 'infra\/cdk.out\/\*\*\/\*': set that build's 'cloudAssemblyDirectory' to the folder 'cdk synth' writes/);
    expect(() => pipelineWith(() => Build.codeBuild({ commands: ['npx cdk synth'], outputDirectory: 'cdk.out' }), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV }) }]))
      .not.toThrow();
  });

  test('Build.cdkSynth outputs only the cloud assembly', () => {
    const { template } = pipelineWith(() => Build.cdkSynth({ commands: ['npm ci', 'npm run build', 'npx cdk synth'] }), app => [{ stage: new ServiceStage(app, 'Dev', { env: ENV }) }]);
    const synth = (Object.values(template.findResources('AWS::CodeBuild::Project')) as any[])[0];
    expect(JSON.parse(synth.Properties.Source.BuildSpec)).toEqual({
      version: '0.2',
      phases: { build: { commands: ['npm ci', 'npm run build', 'npx cdk synth'] } },
      artifacts: { files: ['cdk.out/**/*'] },
    });
  });
});

describe('Deploy.cdkStage: where the stage is deployed', () => {
  test("bad input: a stage in another account than its environment's is an error naming the stack, both accounts and the fix", () => {
    expect(() => pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Prod', { env: PROD }) }]))
      .toThrow("Prod/Data: the stack deploys to account '222222222222', but it is deployed in environment 'Prod', which is in account '111111111111' " +
        "(the pipeline's, as the environment names no 'account'): set the environment's 'account' to '222222222222', or give the stage that environment's account");
    expect(() => pipelineWith(() => Build.cdkSynth(), app => [{ stage: new ServiceStage(app, 'Prod', { env: PROD }), account: '333333333333' }]))
      .toThrow(/Prod\/Data: the stack deploys to account '222222222222', but it is deployed in environment 'Prod', which is in account '333333333333': /);
  });

  test('in a custom stage, next to other steps', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stage = new ServiceStage(app, 'Preview', { env: ENV, files: 1, images: 0 });
    const stack = new Stack(app, 'Pipeline', { env: ENV });
    new DeliveryPipeline(stack, 'Delivery', {
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
      buildStep: Build.cdkSynth(),
      stages: [{ stageName: 'Preview', steps: [Deploy.cdkStage(stage, { actionName: 'Shop' })] }],
    });
    const stages = (Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
    expect(stages[2].Actions.map((a: any) => a.Name)).toEqual(['Shop.Assets', 'Shop.Data.Prepare', 'Shop.Data.Deploy', 'Shop.Service.Prepare', 'Shop.Service.Deploy']);
  });
});
