import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { registerSpecCommands } from '../../src/cli/pipeline-file';
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

  test('validate: the seed without configuration names what is missing', async () => {
    const result = await cli('validate', 'seed.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no connection: set configuration 'ConnectionArn'/);
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
