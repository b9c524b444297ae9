import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetPipelineStateCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { mockedClient, run } from './support/harness';
import { assemblyDirectory, findAssemblyPipelines, resolvePipeline } from '../../src/cli/private/assembly';
import { UsageError } from '../../src/cli/private/errors';

const FIXTURES = path.join(__dirname, 'fixtures');

/** A CDK app directory whose synthesized assembly (cdk.out, or cdk.json's output) is a copy of a fixture. */
function appDir(fixture: string, output?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-app-'));
  fs.cpSync(path.join(FIXTURES, fixture), path.join(dir, output ?? 'cdk.out'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'npx ts-node bin/app.ts', ...(output ? { output } : {}) }));
  return dir;
}

describe('pipeline name from the cloud assembly', () => {
  test('finds the DeliveryPipeline metadata of every stack, nested stage assemblies included', () => {
    expect(findAssemblyPipelines(path.join(FIXTURES, 'two-pipelines'))).toEqual([
      { pipelineName: 'backend-delivery', stackName: 'ToolingStack', constructPath: 'ToolingStack/Backend', region: undefined },
      { pipelineName: 'frontend-delivery', stackName: 'Prod-FrontendStack', constructPath: 'Prod/FrontendStack/Frontend', region: 'us-west-2' },
    ]);
  });

  test('uses cdk.out, or the output directory configured in cdk.json', () => {
    const plain = appDir('single-pipeline');
    const custom = appDir('single-pipeline', 'build/assembly');

    expect(assemblyDirectory(plain)).toBe(path.join(plain, 'cdk.out'));
    expect(assemblyDirectory(custom)).toBe(path.join(custom, 'build/assembly'));
    expect(resolvePipeline(undefined, custom).pipelineName).toBe('service-delivery');
  });

  test('an explicit name wins over the assembly', () => {
    expect(resolvePipeline('other', appDir('single-pipeline'))).toEqual({ pipelineName: 'other' });
  });

  test("several pipelines and a name given: the named pipeline's stack region is kept", async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).resolves({ pipelineName: 'frontend-delivery', stageStates: [] });
    mock.on(ListPipelineExecutionsCommand).resolves({});
    const cwd = appDir('two-pipelines');

    const named = await run(client, ['status', 'frontend-delivery'], { cwd });
    const overridden = await run(client, ['status', 'frontend-delivery', '--region', 'eu-west-3'], { cwd });
    const unknown = await run(client, ['status', 'elsewhere'], { cwd });

    expect(named.code).toBe(0);
    expect(named.clientOptions[0].region).toBe('us-west-2');
    expect(overridden.clientOptions[0].region).toBe('eu-west-3');
    expect(unknown.clientOptions[0].region).toBeUndefined();
    expect(resolvePipeline('frontend-delivery', cwd)).toEqual(
      { pipelineName: 'frontend-delivery', stackName: 'Prod-FrontendStack', constructPath: 'Prod/FrontendStack/Frontend', region: 'us-west-2' });
  });

  test('a name given and a corrupt cdk.out: the name is used as given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-corrupt-'));
    fs.mkdirSync(path.join(dir, 'cdk.out'));
    fs.writeFileSync(path.join(dir, 'cdk.out', 'manifest.json'), '{ not json');
    expect(resolvePipeline('named', dir)).toEqual({ pipelineName: 'named' });
  });

  test('a single pipeline is used, in its stack\'s region unless --region is given', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).resolves({ pipelineName: 'service-delivery', stageStates: [] });
    mock.on(ListPipelineExecutionsCommand).resolves({});
    const cwd = appDir('single-pipeline');

    const implicit = await run(client, ['status'], { cwd });
    const overridden = await run(client, ['status', '--region', 'eu-west-3'], { cwd });

    expect(implicit.code).toBe(0);
    expect(mock.commandCalls(GetPipelineStateCommand)[0].args[0].input).toEqual({ name: 'service-delivery' });
    expect(implicit.clientOptions[0].region).toBe('eu-central-1');
    expect(overridden.clientOptions[0].region).toBe('eu-west-3');
  });

  test('--app-dir points at another app or straight at an assembly directory', async () => {
    const { client, mock } = mockedClient();
    mock.on(GetPipelineStateCommand).resolves({ stageStates: [] });
    mock.on(ListPipelineExecutionsCommand).resolves({});

    await run(client, ['status', '--app-dir', appDir('single-pipeline')]);
    await run(client, ['status', '--app-dir', path.join(FIXTURES, 'single-pipeline')]);

    expect(mock.commandCalls(GetPipelineStateCommand).map((c) => c.args[0].input.name)).toEqual(['service-delivery', 'service-delivery']);
  });

  test('several pipelines: a usage error listing them', async () => {
    const { client, mock } = mockedClient();
    const { code, stderr } = await run(client, ['approve', '--summary', 'x'], { cwd: appDir('two-pipelines') });

    expect(code).toBe(2);
    expect(stderr).toBe('error: the CDK app defines 2 pipelines, pass one of them as argument: '
      + 'backend-delivery (ToolingStack/Backend), frontend-delivery (Prod/FrontendStack/Frontend)\n');
    expect(mock.calls()).toHaveLength(0);
  });

  test('no synthesized app: a usage error saying to pass a name or run cdk synth', async () => {
    const { client } = mockedClient();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-empty-'));
    const { code, stderr } = await run(client, ['status'], { cwd: empty });

    expect(code).toBe(2);
    expect(stderr).toBe(`error: no pipeline name given and no synthesized CDK app at ${path.join(empty, 'cdk.out')}: pass a pipeline name, or run \`cdk synth\` first\n`);
  });

  test('an assembly without DeliveryPipelines: the same advice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-nopipe-'));
    fs.mkdirSync(path.join(dir, 'cdk.out'));
    fs.writeFileSync(path.join(dir, 'cdk.out', 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: { S: { type: 'aws:cloudformation:stack', metadata: { '/S/Bucket': [{ type: 'aws:cdk:logicalId', data: 'Bucket' }] } } } }));

    expect(() => resolvePipeline(undefined, dir)).toThrow(new UsageError(
      `no pipeline name given and no DeliveryPipeline in ${path.join(dir, 'cdk.out', 'manifest.json')}: pass a pipeline name, or run \`cdk synth\` first`));
  });

  test('ignores malformed entries and unresolved tokens, and reads each nested assembly once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-odd-'));
    const entry = (data: unknown) => ({ type: 'cdk-delivery-pipeline:pipeline', data });
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      artifacts: {
        Stack: {
          type: 'aws:cloudformation:stack',
          metadata: { '/Stack/A': [entry('not-an-object'), entry({ pipelineName: '${Token[TOKEN.123]}' }), entry({ pipelineName: '' }), entry({ pipelineName: 'real', stackName: 7 })] },
        },
        Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } },
      },
    }));

    expect(findAssemblyPipelines(dir)).toEqual([{ pipelineName: 'real', stackName: undefined, constructPath: undefined, region: undefined }]);
  });

  test('a corrupt manifest is a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-corrupt-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "artifacts": ');

    expect(() => resolvePipeline(undefined, dir)).toThrow(/manifest\.json is not valid JSON: run `cdk synth` again/);
  });

  test('an empty pipeline name is a usage error', async () => {
    const { client } = mockedClient();
    const { code, stderr } = await run(client, ['status', '']);

    expect(code).toBe(2);
    expect(stderr).toBe('error: the pipeline name must not be empty\n');
  });
});
