import * as os from 'os';
import * as path from 'path';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { Clock, Environment, Output } from '../../../src/cli/private/io';
import { runCli } from '../../../src/cli/program';
import { ClientOptions } from '../../../src/cli/sdk';

/** The time tests pretend it is. */
export const NOW = new Date('2026-11-25T12:00:00Z');

/** Output captured in memory. */
export interface CapturedOutput extends Output {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function captureOutput(isTTY = false, columns?: number): CapturedOutput {
  const out: string[] = [];
  const err: string[] = [];
  return {
    isTTY,
    columns,
    out,
    err,
    stdout: (text) => { out.push(text); },
    stderr: (text) => { err.push(text); },
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
  };
}

/** A clock starting at NOW whose sleep returns at once and moves time forward. */
export class FakeClock implements Clock {
  public readonly sleeps: number[] = [];
  private current: number;

  public constructor(start: Date = NOW) {
    this.current = start.getTime();
  }

  public now(): Date {
    return new Date(this.current);
  }

  public async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
  }
}

/** A real client (region eu-west-1, fake credentials) whose send() is mocked. */
export function mockedClient(): { client: CodePipelineClient; mock: AwsClientStub<CodePipelineClient> } {
  const client = new CodePipelineClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { client, mock: mockClient(client) };
}

export interface RunOptions {
  readonly isTTY?: boolean;
  /** Terminal width (with isTTY). */
  readonly columns?: number;
  readonly env?: Environment;
  readonly cwd?: string;
  readonly clock?: FakeClock;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The options the CLI created its client with. */
  readonly clientOptions: ClientOptions[];
  readonly clock: FakeClock;
}

/** Runs the CLI in-process against the mocked client. */
export async function run(client: CodePipelineClient, argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const io = captureOutput(options.isTTY ?? false, options.columns);
  const clock = options.clock ?? new FakeClock();
  const clientOptions: ClientOptions[] = [];
  const code = await runCli(argv, {
    io,
    env: options.env ?? {},
    cwd: options.cwd ?? path.join(os.tmpdir(), 'cdk-delivery-pipeline-cli-no-app'),
    clock,
    createClient: (o) => {
      clientOptions.push(o);
      return client;
    },
  });
  return { code, stdout: io.stdoutText(), stderr: io.stderrText(), clientOptions, clock };
}

/** Runs the CLI and parses its stdout as JSON. */
export async function runJson<T = any>(
  client: CodePipelineClient,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<{ code: number; json: T; stderr: string }> {
  const result = await run(client, [...argv, '--json'], options);
  if (result.stdout === '') {
    throw new Error(`no JSON on stdout (exit ${result.code}): ${result.stderr}`);
  }
  return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
}

/** An SDK-like service error. */
export function serviceError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 1 } });
}

/**
 * A callsFake implementation serving `pages` by nextToken ("page-2", "page-3", ...),
 * recording the token of each call in `tokens` (paginators reuse one input object,
 * so recorded call inputs cannot be inspected afterwards).
 */
export function pages<T extends object>(
  all: readonly T[],
  tokens: Array<string | undefined> = [],
): (input: { nextToken?: string }) => T & { nextToken?: string } {
  return (input) => {
    tokens.push(input.nextToken);
    const index = input.nextToken ? Number(input.nextToken.replace('page-', '')) - 1 : 0;
    return { ...all[index], nextToken: index + 1 < all.length ? `page-${index + 2}` : undefined };
  };
}

/**
 * Test credentials for the real SDK client against the local stub, set for the suite and restored
 * after it (call at the top of a describe block).
 */
export function useFakeAwsCredentials(): void {
  const fake = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true' };
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [key, value] of Object.entries(fake)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}
