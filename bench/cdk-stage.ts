/**
 * Actions and CodeBuild projects needed to release one `cdk.Stage` with N assets: `Deploy.cdkStage` vs
 * CDK Pipelines (`aws-cdk-lib/pipelines` CodePipeline, its defaults: one publishing project per asset),
 * both synthesized for the same stage (a stack of N file assets and M Docker image assets, plus a
 * stack it depends on), in 1 to 3 environments.
 *
 *   npx ts-node --transpile-only bench/cdk-stage.ts     # prints a Markdown table
 *
 * test/deploys/cdk-stage-vs-pipelines.test.ts asserts the numbers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, StageProps } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as s3Assets from 'aws-cdk-lib/aws-s3-assets';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { Build, DeliveryPipeline, Deploy, Source } from '../src';

const FIXTURES = path.join(__dirname, '..', 'test', 'deploys', 'fixtures', 'service');
const ACCOUNTS = ['111111111111', '111111111111', '222222222222'];
const NAMES = ['Dev', 'Staging', 'Prod'];
const REGION = 'eu-west-1';
const CONNECTION_ARN = `arn:aws:codeconnections:${REGION}:111111111111:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

/** The measured stage: a data stack and a service stack with `files` file assets and `images` image assets. */
export class AssetStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps & { readonly files: number; readonly images: number }) {
    super(scope, id, props);
    const data = new Stack(this, 'Data');
    const service = new Stack(this, 'Service');
    service.addStackDependency(data);
    for (let i = 0; i < props.files; i++) new s3Assets.Asset(service, `File${i}`, { path: FIXTURES, assetHash: `file-${i}` });
    for (let i = 0; i < props.images; i++) new ecrAssets.DockerImageAsset(service, `Image${i}`, { directory: path.join(FIXTURES, 'image'), extraHash: `image-${i}` });
  }
}

/** What one pipeline needs for the release. */
export interface ReleaseCost {
  /** Actions outside Source, the synth/build, self-mutation and approval stages: asset publishing and deploys. */
  readonly releaseActions: number;
  /** CodeBuild projects created for asset publishing. */
  readonly assetProjects: number;
  /** Every CodeBuild project of the pipeline stack (synth and self-mutation included). */
  readonly projects: number;
  /** Every action of the pipeline. */
  readonly actions: number;
}

function count(stack: Stack, skipStages: string[]): ReleaseCost {
  const outdir = (stack.node.root as App).outdir;
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stack.artifactId}.template.json`), 'utf8'));
  const resources = Object.values<any>(template.Resources);
  const pipeline = resources.find(r => r.Type === 'AWS::CodePipeline::Pipeline');
  const stages: any[] = pipeline.Properties.Stages;
  const projects = resources.filter(r => r.Type === 'AWS::CodeBuild::Project');
  const assetProjects = projects.filter(p => /cdk-assets/.test(JSON.stringify(p.Properties.Source.BuildSpec ?? '')));
  return {
    releaseActions: stages.filter(s => !skipStages.includes(s.Name) && !s.Name.startsWith('Approve-')).reduce((n, s) => n + s.Actions.length, 0),
    assetProjects: assetProjects.length,
    projects: projects.length,
    actions: stages.reduce((n, s) => n + s.Actions.length, 0),
  };
}

function freshApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cdk-stage-')), builtinCloudFormationValidation: false } as any);
}

/** This library: `Deploy.cdkStage` in `environments`. */
export function measureLibrary(files: number, images: number, environments: number): ReleaseCost {
  const app = freshApp();
  const stages = NAMES.slice(0, environments)
    .map((name, i) => new AssetStage(app, name, { env: { account: ACCOUNTS[i], region: REGION }, files, images }));
  const stack = new Stack(app, 'Pipeline', { env: { account: ACCOUNTS[0], region: REGION } });
  new DeliveryPipeline(stack, 'Delivery', {
    source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
    buildStep: Build.cdkSynth(),
    selfMutation: {},
    environments: stages.map((stage, i) => ({ name: stage.stageName, deploy: Deploy.cdkStage(stage), account: ACCOUNTS[i] })),
  });
  app.synth();
  return count(stack, ['Source', 'UpdatePipeline', 'Build']);
}

/** CDK Pipelines with its defaults (`publishAssetsInParallel: true`, self-mutation on). */
export function measureCdkPipelines(files: number, images: number, environments: number): ReleaseCost {
  const app = freshApp();
  const stack = new Stack(app, 'Pipeline', { env: { account: ACCOUNTS[0], region: REGION } });
  const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
    crossAccountKeys: true,
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  NAMES.slice(0, environments)
    .forEach((name, i) => pipeline.addStage(new AssetStage(app, name, { env: { account: ACCOUNTS[i], region: REGION }, files, images })));
  app.synth();
  return count(stack, ['Source', 'Build', 'UpdatePipeline']);
}

if (require.main === module) {
  const rows: string[] = [
    '| assets (files + images) | environments | library: release actions | library: asset projects | CDK Pipelines: release actions | CDK Pipelines: asset projects |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [files, images] of [[1, 0], [4, 1], [10, 2], [20, 5]]) {
    for (const environments of [1, 3]) {
      const ours = measureLibrary(files, images, environments);
      const theirs = measureCdkPipelines(files, images, environments);
      rows.push(`| ${files + images} (${files} + ${images}) | ${environments} | ${ours.releaseActions} | ${ours.assetProjects} | ${theirs.releaseActions} | ${theirs.assetProjects} |`);
    }
  }
  process.stdout.write(rows.join('\n') + '\n');
}
