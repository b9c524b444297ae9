import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APPROVAL_TOKEN, EXECUTION_ID, PIPELINE, releaseAwaitingApproval } from './support/stub-scenario';
import { CodePipelineStub } from './support/stub-server';

/**
 * Runs the BUILT CLI (lib/cli/index.js, produced by `npx projen compile`, which runs
 * before the tests in `npx projen build`) as a child process against a local stub of
 * the CodePipeline JSON protocol, so argument parsing, the SDK's serialization,
 * signing and error parsing, stdout/stderr and exit codes are all real.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'lib', 'cli', 'index.js');
const built = fs.existsSync(BIN);
if (!built) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the built-CLI tests: ${BIN} is missing; run \`npx projen compile\` first`);
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A clean environment: fake credentials, no profile files, no instance metadata, no colour. */
function baseEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

(built ? describe : describe.skip)('built CLI (child process, local CodePipeline stub)', () => {
  let stub: CodePipelineStub;
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    stub = releaseAwaitingApproval(new CodePipelineStub());
    await stub.start();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-cli-home-'));
    env = { ...baseEnv(home), AWS_ENDPOINT_URL_CODEPIPELINE: stub.url };
  });

  afterEach(async () => {
    await stub.stop();
  });

  test('the bin entry is an executable node script', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

    expect(manifest.bin['cdk-delivery-pipeline']).toBe('lib/cli/index.js');
    expect(fs.readFileSync(BIN, 'utf-8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('status: real requests to AWS_ENDPOINT_URL_CODEPIPELINE, plain output when piped', async () => {
    const { code, stdout, stderr } = await cli(['status', PIPELINE], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).toContain(`${PIPELINE} (version 7)  eu-west-1`);
    // the stub's clock and the child's differ by the time the request takes
    expect(stdout).toMatch(new RegExp(`Latest execution ${EXECUTION_ID} {2}InProgress {2}started 14m ago · Webhook · 14m 0\\ds`));
    expect(stdout).toContain('  GitHub: a41f9c2 Retry payment authorisation on 503');
    expect(stdout).toMatch(/\n {2}ApproveProd +InProgress +3m ago/);
    expect(stdout).toContain(`⏸ waiting for approval: cdk-delivery-pipeline approve ${PIPELINE} --stage Production --action ApproveProd`);
    expect(stub.requests.map((r) => r.headers['x-amz-target']).sort()).toEqual([
      'CodePipeline_20150709.GetPipelineState',
      'CodePipeline_20150709.ListPipelineExecutions',
    ]);
    expect(stub.requests.find((r) => r.operation === 'GetPipelineState')?.input).toEqual({ name: PIPELINE });
    expect(stub.requests[0].headers['content-type']).toBe('application/x-amz-json-1.1');
  });

  test('approve: finds the pending approval and sends its token', async () => {
    const { code, stdout, stderr } = await cli(['approve', PIPELINE, '--summary', 'Staging verified'], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`Approved Production/ApproveProd of ${PIPELINE} (execution ${EXECUTION_ID}).\n`);
    expect(stub.operations()).toEqual(['GetPipelineState', 'PutApprovalResult']);
    expect(stub.requests[1].input).toEqual({
      pipelineName: PIPELINE,
      stageName: 'Production',
      actionName: 'ApproveProd',
      result: { summary: 'Staging verified', status: 'Approved' },
      token: APPROVAL_TOKEN,
    });

    const again = await cli(['approve', PIPELINE, '--summary', 'twice'], env);
    expect(again).toEqual({ code: 1, stdout: '', stderr: `error: nothing to approve: no approval is pending in pipeline ${PIPELINE}\n` });
  });

  test('list --json via --endpoint-url parses every wire format field', async () => {
    const { code, stdout } = await cli(['list', '--json', '--endpoint-url', stub.url], { ...env, AWS_ENDPOINT_URL_CODEPIPELINE: undefined });
    const json = JSON.parse(stdout);

    expect(code).toBe(0);
    expect(json.pipelines.map((p: any) => [p.name, p.pipelineType, p.latestExecution?.status])).toEqual([
      [PIPELINE, 'V2', 'InProgress'],
      ['billing-service-delivery', 'V2', 'Succeeded'],
    ]);
    expect(json.pipelines[0].latestExecution.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  test('an unknown pipeline: one line, exit 1, with a suggestion', async () => {
    const { code, stdout, stderr } = await cli(['status', 'checkout-service-delivry'], env);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: pipeline "checkout-service-delivry" not found in eu-west-1; did you mean ${PIPELINE}?\n`);
  });

  test('an endpoint that accepts connections and never answers: one line after --request-timeout, exit 1, the process ends', async () => {
    stub.neverAnswer();
    const started = Date.now();
    const { code, stdout, stderr } = await cli(['status', PIPELINE, '--request-timeout', '2'], env);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: CodePipeline did not answer (GetPipelineState|ListPipelineExecutions) within 2 s \(http:\/\/127\.0\.0\.1:\d+\): check your network, proxy, region and endpoint, or allow longer with --request-timeout <seconds>\n$/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('missing credentials: one line, exit 1, no request sent', async () => {
    const { code, stderr } = await cli(['list'], { ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });

    expect(code).toBe(1);
    expect(stderr).toBe('error: no AWS credentials found: configure credentials (aws configure, aws sso login) or pass --profile\n');
    expect(stub.requests).toHaveLength(0);
  });

  test('a usage error exits 2', async () => {
    const { code, stderr } = await cli(['retry', PIPELINE], env);

    expect(code).toBe(2);
    expect(stderr).toContain("error: required option '--stage <name>' not specified");
  });

  test('a reader that goes away (| head) ends the CLI quietly with exit 1', async () => {
    const child = spawn(process.execPath, [BIN, 'list'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(code).toBe(1);
    expect(stderr).toBe('');
  });

  test('watch exits 0 when the execution succeeds and 1 when it fails', async () => {
    const statuses = ['InProgress', 'Succeeded', 'InProgress', 'Failed'];
    stub.on('GetPipelineExecution', ...statuses.map((status) => () => ({ pipelineExecution: { pipelineName: PIPELINE, pipelineExecutionId: EXECUTION_ID, status } })));

    const succeeded = await cli(['watch', PIPELINE, '--interval', '0.05'], env);
    const failed = await cli(['watch', PIPELINE, '--interval', '0.05'], env);

    expect(succeeded.code).toBe(0);
    expect(succeeded.stdout).toContain(`Execution ${EXECUTION_ID} of ${PIPELINE}: Succeeded`);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`Execution ${EXECUTION_ID} of ${PIPELINE}: Failed`);
  });
});
