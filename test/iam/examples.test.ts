import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildAllProvidersApp } from '../../examples/all-providers/all-providers-stack';
import { buildEnvironmentsApp } from '../../examples/environments/environments-pipeline-stack';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { Build, DeliveryPipeline, Deploy, PipelineArtifact, Source, Test } from '../../src';
import { checkIam, IamReport } from '../../src/iam/check';
import { seedOptions } from '../pipeline-file/helpers';
import { CONNECTION_ARN, ENV } from '../util';
import { IAM_DOC, renderIamDoc } from './report';

/**
 * The IAM check over every example app, with no feature flags and with the flags `cdk init` writes:
 * no dead grant, every documented call allowed, every call of the "must be denied" set denied.
 */
const EXAMPLES: Array<[string, (app: App) => void]> = [
  ['seed (shop)', app => { buildApp(app); }],
  ['all providers', app => { buildAllProvidersApp(app); }],
  ['all providers, a nested stack per stage', app => { buildAllProvidersApp(app, true); }],
  ['environments (cross-account)', app => { buildEnvironmentsApp(app); }],
  ['pipeline files: the seed (GitHub → CodeBuild → ECS) and the shop file', app => {
    const stack = new Stack(app, 'Files', { env: ENV });
    DeliveryPipeline.fromFile(stack, 'Seed', seedOptions(stack));
    DeliveryPipeline.fromFile(stack, 'Shop', { file: path.join(__dirname, '..', 'pipeline-file', 'fixtures', 'shop.yaml'), connections: { default: CONNECTION_ARN } });
  }],
  ['steps in other accounts and regions, in a stage layout of their own', app => {
    const stack = new Stack(app, 'Steps', { env: ENV });
    new DeliveryPipeline(stack, 'Pipeline', {
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
      stageLayout: [
        { stageName: 'Lint', steps: [Test.codeBuild({ actionName: 'Lint', commands: ['npm run lint'], input: PipelineArtifact.SOURCE_OUTPUT })] },
        { stageName: 'Compile', steps: [Build.codeBuild({ commands: ['npx cdk synth'] })] },
      ],
      stages: [
        // A deployment role of another account: the deploy runs there, as that account's bootstrap deploy role.
        {
          stageName: 'Release',
          steps: [Deploy.cloudFormation({
            stackName: 'shop',
            templatePath: 'cdk.out/Shop.template.json',
            deploymentRole: iam.Role.fromRoleArn(stack, 'ProdExec', 'arn:aws:iam::222222222222:role/cfn-exec', { mutable: false }),
          })],
        },
        {
          stageName: 'Edge',
          steps: [Deploy.s3({
            bucket: s3.Bucket.fromBucketName(stack, 'EdgeSite', 'shop-edge-site'),
            region: 'us-east-1',
            replicationBucket: s3.Bucket.fromBucketAttributes(stack, 'Replica', { bucketName: 'shop-artifacts-us-east-1', region: 'us-east-1' }),
          })],
        },
      ],
    });
  }],
];

const FLAGS: Array<[string, Record<string, unknown>]> = [
  ['no feature flags', {}],
  ["cdk init's feature flags", { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS }],
];

const reports = new Map<string, IamReport>();
async function report(example: string, flags: string): Promise<IamReport> {
  const key = `${example} / ${flags}`;
  if (!reports.has(key)) {
    const app = new App({ builtinCloudFormationValidation: false, context: FLAGS.find(f => f[0] === flags)![1] } as any);
    EXAMPLES.find(e => e[0] === example)![1](app);
    reports.set(key, await checkIam(app, { requireCalls: true }));
  }
  return reports.get(key)!;
}

describe.each(EXAMPLES.map(e => e[0]))('%s', example => {
  test.each(FLAGS.map(f => f[0]))('IAM check with %s: no finding', async flags => {
    const r = await report(example, flags);
    expect(r.findings.map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    expect(r.roles.length).toBeGreaterThan(0);
  });

  test('the same calls are simulated with the same decisions with and without feature flags', async () => {
    const decisions = async (flags: string) => (await report(example, flags)).roles
      .flatMap(role => [...role.calls, ...role.denied].map(c => `${c.action} ${c.decision}`)).sort();
    expect(await decisions(FLAGS[1][0])).toEqual(await decisions(FLAGS[0][0]));
  });
});

test('docs/iam.md is the IAM report of the all-providers example (regenerate: npx projen docs:iam)', async () => {
  expect(fs.readFileSync(IAM_DOC, 'utf8')).toEqual(await renderIamDoc());
});
