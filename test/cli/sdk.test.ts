import { GetPipelineStateCommand, ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { captureOutput, FakeClock, useFakeAwsCredentials } from './support/harness';
import { CodePipelineStub } from './support/stub-server';
import { runCli } from '../../src/cli/program';
import { createCodePipelineClient, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../../src/cli/sdk';

/**
 * The real SDK client (serialization, signing, retry middleware) against a local stub
 * speaking the CodePipeline JSON 1.1 protocol on 127.0.0.1.
 */
describe('SDK client', () => {
  useFakeAwsCredentials();
  let stub: CodePipelineStub;

  beforeEach(async () => {
    stub = new CodePipelineStub();
    await stub.start();
    // no jitter: the SDK's backoff delay becomes 0 ms, the retry path is otherwise unchanged
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await stub.stop();
  });

  const throttled = () => ({ error: 'ThrottlingException', message: 'Rate exceeded' });

  /** Runs `fn` with extra process environment variables (the SDK reads process.env itself). */
  async function withProcessEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      return await fn();
    } finally {
      for (const [key, value] of Object.entries(previous)) {
        if (value === undefined) {
          delete process.env[key];
        } else {
          process.env[key] = value;
        }
      }
    }
  }

  test('the default (adaptive) retry mode retries a throttled call, then succeeds', async () => {
    stub.on('ListPipelines', throttled, () => ({ pipelines: [{ name: 'a', pipelineType: 'V2', created: 1764064000 }] }));
    const client = createCodePipelineClient({ region: 'eu-west-1', endpoint: stub.url, env: {} });

    const response = await client.send(new ListPipelinesCommand({}));

    expect((await client.config.retryStrategy() as { mode?: string }).mode).toBe('adaptive');
    expect(response.pipelines).toEqual([{ name: 'a', pipelineType: 'V2', created: new Date(1764064000 * 1000) }]);
    expect(response.$metadata.attempts).toBe(2);
    expect(stub.operations()).toEqual(['ListPipelines', 'ListPipelines']);
    expect(stub.requests[1].headers['amz-sdk-request']).toBe(`attempt=2; max=${DEFAULT_MAX_ATTEMPTS}`);
    expect(stub.requests[0].headers['x-amz-target']).toBe('CodePipeline_20150709.ListPipelines');
    expect(stub.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/eu-west-1\/codepipeline\/aws4_request/);
    client.destroy();
  });

  test('AWS_RETRY_MODE and AWS_MAX_ATTEMPTS override the defaults', async () => {
    const env = { AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'standard' };
    await withProcessEnv(env, async () => {
      const client = createCodePipelineClient({ region: 'eu-west-1', env });

      expect(await client.config.maxAttempts()).toBe(2);
      expect((await client.config.retryStrategy() as { mode?: string }).mode).toBe('standard');
      client.destroy();
    });
  });

  test('standard mode backs off and retries several throttled calls', async () => {
    stub.on('ListPipelines', throttled, throttled, throttled, () => ({ pipelines: [] }));
    const env = { AWS_RETRY_MODE: 'standard' };
    const response = await withProcessEnv(env, async () => {
      const client = createCodePipelineClient({ region: 'eu-west-1', endpoint: stub.url, env });
      try {
        return await client.send(new ListPipelinesCommand({}));
      } finally {
        client.destroy();
      }
    });

    expect(response.$metadata.attempts).toBe(4);
    expect(stub.operations()).toHaveLength(4);
  });

  test('gives up after the maximum attempts with a one-line throttling error', async () => {
    stub.on('GetPipelineState', throttled);
    stub.on('ListPipelineExecutions', () => ({ pipelineExecutionSummaries: [] }));
    const env = { AWS_RETRY_MODE: 'standard' };
    const io = captureOutput();
    const code = await withProcessEnv(env, () => runCli(['status', 'p', '--endpoint-url', stub.url, '--region', 'eu-west-1'], {
      io, env, cwd: __dirname, clock: new FakeClock(), createClient: createCodePipelineClient,
    }));

    expect(code).toBe(1);
    expect(io.stderrText()).toBe(`error: CodePipeline is throttling requests (gave up after ${DEFAULT_MAX_ATTEMPTS} attempts): try again later, or raise AWS_MAX_ATTEMPTS\n`);
    expect(stub.operations().filter((o) => o === 'GetPipelineState')).toHaveLength(DEFAULT_MAX_ATTEMPTS);
  });

  describe('an endpoint that accepts connections and never answers', () => {
    beforeEach(() => { stub.neverAnswer(); });

    test('status fails after --request-timeout with one line and exit 1, retries included', async () => {
      const io = captureOutput();
      const started = Date.now();
      const code = await runCli(['status', 'p', '--endpoint-url', stub.url, '--region', 'eu-west-1', '--request-timeout', '1'], {
        io, env: {}, cwd: __dirname, clock: new FakeClock(), createClient: createCodePipelineClient,
      });
      const elapsed = Date.now() - started;

      expect(code).toBe(1);
      expect(io.stderrText()).toMatch(new RegExp(
        '^error: CodePipeline did not answer (GetPipelineState|ListPipelineExecutions) within 1 s '
        + `\\(${stub.url.replace(/\./g, '\\.')}\\): check your network, proxy, region and endpoint, or allow longer with --request-timeout <seconds>\n$`));
      expect(stub.requests.length).toBeGreaterThan(0);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(5_000);
    });

    /** The options the client's HTTP handler was created with. */
    async function handlerConfig(client: ReturnType<typeof createCodePipelineClient>): Promise<Record<string, unknown>> {
      return (client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }).configProvider;
    }

    test('a call past its deadline fails with a RequestTimeoutError; each attempt has a connection and request timeout', async () => {
      const client = createCodePipelineClient({ region: 'eu-west-1', endpoint: stub.url, env: {}, requestTimeoutSeconds: 0.5 });
      try {
        await expect(client.send(new ListPipelinesCommand({}))).rejects.toMatchObject({ name: 'RequestTimeoutError', operation: 'ListPipelines', seconds: 0.5 });
        expect(await handlerConfig(client)).toMatchObject({ requestTimeout: 500, connectionTimeout: 500, throwOnRequestTimeout: true });
      } finally {
        client.destroy();
      }
    });

    test('without --request-timeout, every call has a deadline of 30 s', async () => {
      const client = createCodePipelineClient({ region: 'eu-west-1', endpoint: stub.url, env: {} });
      expect(DEFAULT_REQUEST_TIMEOUT_SECONDS).toBe(30);
      expect(await handlerConfig(client)).toMatchObject({ requestTimeout: 30_000, connectionTimeout: 30_000, throwOnRequestTimeout: true });
      client.destroy();
    });

    test('a --request-timeout that is not a number of seconds is a usage error', async () => {
      const io = captureOutput();
      const code = await runCli(['status', 'p', '--request-timeout', 'soon'], { io, env: {}, cwd: __dirname, clock: new FakeClock(), createClient: createCodePipelineClient });
      expect(code).toBe(2);
      expect(io.stderrText()).toBe('error: --request-timeout "soon" is not a number of seconds (like 30)\n');
    });
  });

  test('does not retry errors that are not transient', async () => {
    stub.on('GetPipelineState', () => ({ error: 'PipelineNotFoundException', message: 'The pipeline p was not found' }));
    const client = createCodePipelineClient({ region: 'eu-west-1', endpoint: stub.url, env: {} });

    await expect(client.send(new GetPipelineStateCommand({ name: 'p' }))).rejects.toMatchObject({ name: 'PipelineNotFoundException' });
    expect(stub.operations()).toEqual(['GetPipelineState']);
    client.destroy();
  });
});
