import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { registerSpecCommands } from '../../src/cli/pipeline-file';
import { SEED_PARAMETERS } from '../pipeline-file/helpers';
import { CONNECTION_ARN } from '../util';

const FIXTURES = path.join(__dirname, '..', 'pipeline-file', 'fixtures');

interface Result {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(...argv: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const program = new Command('cdk-delivery-pipeline').exitOverride().configureOutput({
    writeOut: t => { stdout += t; },
    writeErr: t => { stderr += t; },
  });
  registerSpecCommands(program, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    setExitCode: c => { code = c; },
    cwd: FIXTURES,
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    code = 2; // commander usage error (the main program maps these to 2)
  }
  return { code, stdout, stderr };
}

describe('spec commands', () => {
  test('validate: a valid spec exits 0', async () => {
    const result = await cli('validate', 'shop.yaml', '--connection', `default=${CONNECTION_ARN}`);
    expect(result).toEqual({ code: 0, stdout: 'shop.yaml: valid (4 stages, 5 actions)\n', stderr: '' });
  });

  test('validate: an invalid spec exits 1 and lists every problem with its line', async () => {
    const result = await cli('validate', 'invalid.yaml', '--connection', `default=${CONNECTION_ARN}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stages\[1\]\.actions\[0\]\.comands \(line 16, column 11\): unknown key 'comands' \(did you mean 'commands'\?\)/);
  });

  test('validate: problems of the rules, as JSON', async () => {
    const invalid = fs.readFileSync(path.join(FIXTURES, 'invalid.yaml'), 'utf8').replace('comands', 'commands');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    fs.writeFileSync(path.join(dir, 'p.yaml'), invalid);
    const result = await cli('validate', path.join(dir, 'p.yaml'), '--json', '--connection', `default=${CONNECTION_ARN}`);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'ArtifactConsumedBeforeProduced', path: 'stages[1].actions[0]', line: 13, column: 11 })]);
  });

  test('validate: the seed without configuration names what is missing (left to deploy time)', async () => {
    const result = await cli('validate', 'seed.yaml');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^seed\.yaml: valid \(3 stages, 3 actions\)\nleft to supply at deploy time \(CloudFormation parameters: cdk deploy --parameters NAME=VALUE/);
    for (const name of SEED_PARAMETERS) expect(result.stdout).toMatch(new RegExp(`^  ${name}: \\S`, 'm'));
    expect(result.stdout).toContain("  SourceSourceActionConnectionArn: ConnectionArn of the GitHub action 'SourceAction' (stage 'Source'): the CodeConnections connection");
    expect(result.stdout).not.toContain('BootstrapVersion');
  });

  test('validate --json lists the deploy-time values with their descriptions', async () => {
    const result = await cli('validate', 'seed.yaml', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: true, problems: [] });
    expect(report.parameters.map((p: any) => p.name)).toEqual(SEED_PARAMETERS);
    expect(report.parameters[4]).toEqual({ name: 'DeployDeployActionServiceName', description: expect.stringMatching(/^ServiceName of the ECS action 'DeployAction'/) });
  });

  test('options may come before or after the file name, each repeatable option once per value', async () => {
    const bind = ['--connection', `default=${CONNECTION_ARN}`, '--set', 'SourceAction.FullRepositoryId=acme/shop', '--set', 'SourceAction.BranchName=main'];
    for (const argv of [['validate', ...bind, 'seed.yaml', '--json'], ['validate', 'seed.yaml', ...bind, '--json'], ['validate', bind[0], bind[1], 'seed.yaml', ...bind.slice(2), '--json']]) {
      const result = await cli(...argv);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout).parameters.map((p: any) => p.name)).toEqual(['DeployDeployActionClusterName', 'DeployDeployActionServiceName']);
    }
  });

  test('diagram draws the seed with no options', async () => {
    const result = await cli('diagram', 'seed.yaml');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^flowchart TB/);
    expect(result.stdout).toContain('s2a0["DeployAction<br/>Deploy: ECS"]');
    expect(result.stdout).toContain('s1a0 -->|BuildAction_Output| s2a0');
  });

  test('synth writes the seed as a template whose parameters are the values it leaves out, and says how to deploy it', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    const result = await cli('synth', 'seed.yaml', '--output', out, '--stack-name', 'Seed');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const template = JSON.parse(fs.readFileSync(path.join(out, 'Seed.template.json'), 'utf8'));
    const parameters = Object.keys(template.Parameters).filter(p => p !== 'BootstrapVersion');
    expect(parameters).toEqual(SEED_PARAMETERS);
    for (const name of parameters) expect(template.Parameters[name]).toEqual({ Type: 'String', Description: expect.stringMatching(/\S{10}/) });
    const pipeline: any = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::CodePipeline::Pipeline');
    expect(pipeline.Properties.Stages[0].Actions[0].Configuration.ConnectionArn).toEqual({ Ref: 'SourceSourceActionConnectionArn' });
    expect(result.stdout).toContain('the template has 5 parameters (values the file leaves out); deploy with:\n' +
      `  cdk deploy --app ${out} Seed ${SEED_PARAMETERS.map(p => `--parameters ${p}=VALUE`).join(' ')}\n`);
  });

  test('--connection and --set bind the values at synth time instead of parameters', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    const result = await cli('synth', '--connection', `default=${CONNECTION_ARN}`, 'seed.yaml', '--output', out, '--stack-name', 'Seed',
      '--set', 'SourceAction.FullRepositoryId=acme/shop', '--set', 'SourceAction.BranchName=main',
      '--set', 'DeployAction.ClusterName=shop', '--set', 'DeployAction.ServiceName=shop-web');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('deploy with: cdk deploy --app');
    const template = JSON.parse(fs.readFileSync(path.join(out, 'Seed.template.json'), 'utf8'));
    expect(Object.keys(template.Parameters ?? {}).filter(p => p !== 'BootstrapVersion')).toEqual([]);
    const pipeline: any = Object.values(template.Resources).find((r: any) => r.Type === 'AWS::CodePipeline::Pipeline');
    expect(pipeline.Properties.Stages[0].Actions[0].Configuration).toMatchObject({ ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'main' });
    expect(pipeline.Properties.Stages[2].Actions[0].Configuration).toMatchObject({ ClusterName: 'shop', ServiceName: 'shop-web' });
  });

  test('--missing-values error: the problems give the CLI spelling of their fixes', async () => {
    const result = await cli('validate', 'seed.yaml', '--missing-values', 'error');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("configuration 'FullRepositoryId' is required for this provider (e.g. 'acme/shop'): add it under 'configuration', or pass --set SourceAction.FullRepositoryId=VALUE");
    expect(result.stderr).toMatch(/configuration 'ConnectionArn' is required .*\(or pass --connection NAME=ARN\)\): add it under 'configuration', or pass --set SourceAction.ConnectionArn=VALUE/);
    expect(result.stderr).toContain('or pass --set DeployAction.ServiceName=VALUE');
    expect(result.stderr).not.toContain('PipelineFileOptions');
    const json = JSON.parse((await cli('validate', 'seed.yaml', '--missing-values', 'error', '--json')).stdout);
    expect(json.problems.map((p: any) => p.message).join('\n')).not.toContain('PipelineFileOptions');
    expect((await cli('validate', 'seed.yaml', '--missing-values', 'maybe')).code).toBe(2);
  });

  test('a named connection that is not given, and a --set for no action, are reported in CLI spelling', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'seed.yaml'), 'utf8').replace('provider: GitHub', 'provider: GitHub\n         configuration:\n           ConnectionArn: github');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    fs.writeFileSync(path.join(dir, 'p.yaml'), text);
    const result = await cli('validate', path.join(dir, 'p.yaml'), '--set', 'Nope.Key=x', '--json');
    expect(result.code).toBe(1);
    const problems = JSON.parse(result.stdout).problems;
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'UnknownOverrideTarget', path: '--set Nope.Key=VALUE' }),
      expect.objectContaining({ message: expect.stringMatching(/ConnectionArn 'github' is neither a connection ARN nor a name given with --connection NAME=ARN/) }),
    ]));
    expect(JSON.stringify(problems)).not.toContain('PipelineFileOptions');
  });

  test('--quota raises the stage and action quotas: 51 stages and 51 actions in a stage pass with it and fail without it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    const sourceStage = '  - name: Source\n    actions:\n' +
      '      - { name: Checkout, actionType: Source, provider: S3, configuration: { S3Bucket: acme-sources, S3ObjectKey: shop.zip }, outputArtifacts: [{ name: Src }] }\n';
    const approval = (name: string) => `      - { name: ${name}, actionType: Approval, provider: Manual }\n`;
    fs.writeFileSync(path.join(dir, 'stages.yaml'), `pipeline:\n stages:\n${sourceStage}${Array.from({ length: 50 }, (_, i) => `  - name: S${i}\n    actions:\n${approval(`A${i}`)}`).join('')}`);
    fs.writeFileSync(path.join(dir, 'actions.yaml'), `pipeline:\n stages:\n${sourceStage}  - name: Approve\n    actions:\n${Array.from({ length: 51 }, (_, i) => approval(`A${i}`)).join('')}`);

    const stages = await cli('validate', path.join(dir, 'stages.yaml'));
    expect(stages.code).toBe(1);
    expect(stages.stderr).toContain("a pipeline holds at most 50 stages, found 51: merge stages or split the pipeline; 50 is CodePipeline's default of the quota " +
      "'Stages per pipeline', which can be raised for an account (Service Quotas): if yours was, give the raised value with --quota stages=N");
    expect(await cli('validate', path.join(dir, 'stages.yaml'), '--quota', 'stages=60')).toMatchObject({ code: 0, stdout: expect.stringContaining('valid (51 stages, 51 actions)') });

    const actions = await cli('validate', path.join(dir, 'actions.yaml'));
    expect(actions.code).toBe(1);
    expect(actions.stderr).toContain("stage 'Approve' holds 51 actions, at most 50 are allowed: move some actions to another stage; 50 is CodePipeline's default of the quota " +
      "'Actions per stage', which can be raised for an account (Service Quotas): if yours was, give the raised value with --quota actions-per-stage=N");
    expect((await cli('validate', path.join(dir, 'actions.yaml'), '--quota', 'actions-per-stage=60', '--quota', 'actions=600')).code).toBe(0);
    const under = await cli('validate', path.join(dir, 'actions.yaml'), '--quota', 'actions-per-stage=51', '--quota', 'actions=40');
    expect(under.stderr).toContain("a pipeline holds at most 40 actions, found 52: split the pipeline; 40 is the value given with --quota for the quota 'Actions per pipeline'");
  });

  test('--quota takes NAME=N with a known name and a positive whole number', async () => {
    expect((await cli('validate', 'seed.yaml', '--quota', 'stage=60')).stderr).toBe("error: --quota: unknown quota 'stage': use stages, actions-per-stage, actions\n");
    expect((await cli('validate', 'seed.yaml', '--quota', 'stages=0')).stderr).toBe("error: --quota stages takes a positive whole number, got '0'\n");
    expect((await cli('validate', 'seed.yaml', '--quota', 'stages')).code).toBe(2);
  });

  test('validate: --set supplies configuration', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'shop.yaml'), 'utf8').replace('BranchName: main', 'BranchName: x');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    fs.writeFileSync(path.join(dir, 'p.yaml'), text);
    const result = await cli('validate', path.join(dir, 'p.yaml'), '--connection', `default=${CONNECTION_ARN}`, '--set', 'Checkout.BranchName=main');
    expect(result.code).toBe(0);
  });

  test('usage errors exit 2', async () => {
    expect((await cli('validate', 'missing.yaml')).code).toBe(2);
    expect((await cli('validate', 'missing.yaml')).stderr).toBe("error: spec file 'missing.yaml' does not exist\n");
    expect((await cli('validate', 'shop.yaml', '--set', 'novalue')).stderr).toBe("error: --set takes NAME=VALUE, got 'novalue'\n");
    expect((await cli('validate')).code).toBe(2);
  });

  test('synth writes the cloud assembly with the template and the diagram', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assembly-'));
    const result = await cli('synth', 'shop.yaml', '--output', out, '--connection', `default=${CONNECTION_ARN}`, '--stack-name', 'Shop');
    expect(result.code).toBe(0);
    const template = JSON.parse(fs.readFileSync(path.join(out, 'Shop.template.json'), 'utf8'));
    expect(Object.values(template.Resources).some((r: any) => r.Type === 'AWS::CodePipeline::Pipeline')).toBe(true);
    expect(fs.readFileSync(path.join(out, 'Shop.Pipeline.mmd'), 'utf8')).toMatch(/^flowchart TB/);
  });

  test('diagram prints Mermaid', async () => {
    const result = await cli('diagram', 'shop.yaml', '--connection', `default=${CONNECTION_ARN}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('subgraph s3["Release [rollback on failure]"]');
    expect(result.stdout).toContain('s1a0 -->|Compile_Output| s3a0');
  });

  test('diagram --format svg draws the pipeline with Graphviz: a box per stage, a node per action, the artifacts on the arrows', async () => {
    const result = await cli('diagram', 'shop.yaml', '--connection', `default=${CONNECTION_ARN}`, '--format', 'svg');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const svg = result.stdout;
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<!DOCTYPE svg[\s\S]*<svg /);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(m => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['Source', 'Build', 'Approve', 'Release [rollback on failure]', 'Compile', 'Build: CodeBuild', 'Compile_Output']));
    expect(svg.match(/<g id="clust\d+" class="cluster">/g)).toHaveLength(4);
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(5);
    expect(svg).toContain('<polygon fill="#fff4e5" stroke="#ff7f0e"'); // the approval, a hexagon
  });

  test('diagram --format html -o writes one page: the SVG inline, no script, the Mermaid source below', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-diagram-')), 'shop.html');
    const result = await cli('diagram', 'shop.yaml', '--connection', `default=${CONNECTION_ARN}`, '--format', 'html', '-o', out);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<title>Pipeline shop</title>');
    expect(html).toContain('<svg ');
    expect(html).not.toMatch(/<script|<\?xml|src="http/);
    expect(html).toContain('<summary>Mermaid source</summary>\n<pre>flowchart TB\n');
    expect(html).toContain('subgraph s3[&quot;Release [rollback on failure]&quot;]');
  });

  test('diagram --format takes mermaid, svg or html', async () => {
    const result = await cli('diagram', 'shop.yaml', '--format', 'png');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'png' is invalid. Allowed choices are mermaid, svg, html.");
  });

  test('schema prints the JSON Schema', async () => {
    const result = await cli('schema');
    expect(JSON.parse(result.stdout).title).toBe('cdk-delivery-pipeline spec');
  });
});
