import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { mockedClient, run, serviceError } from './support/harness';
import { toCliError } from '../../src/cli/private/aws-errors';
import { CliError, UsageError } from '../../src/cli/private/errors';
import { closeMatches, editDistance } from '../../src/cli/private/suggest';

const context = { pipeline: 'p', region: 'eu-west-1', iamActions: ['codepipeline:ListPipelines'] };

describe('error messages', () => {
  test.each([
    [Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'no AWS credentials found: configure credentials (aws configure, aws sso login) or pass --profile', 1],
    [Object.assign(new Error('Could not resolve credentials using profile: [prod] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' }),
      'no AWS credentials found (Could not resolve credentials using profile: [prod] in configuration/credentials file(s)): '
      + 'configure credentials (aws configure, aws sso login) or pass --profile', 1],
    [serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
      'the AWS credentials have expired: refresh them (for example aws sso login) and try again', 1],
    [serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
      'AWS rejected the credentials (UnrecognizedClientException): configure credentials (aws configure, aws sso login) or pass --profile', 1],
    [new Error('Region is missing'), 'no AWS region configured: pass --region or set AWS_REGION', 2],
    [serviceError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized to perform: codepipeline:ListPipelines because no identity-based policy allows it', 403),
      'access denied: your identity is missing the IAM permission codepipeline:ListPipelines', 1],
    [serviceError('AccessDeniedException', 'denied', 403), 'access denied: this command needs the IAM permission codepipeline:ListPipelines', 1],
    [serviceError('PipelineNotFoundException', 'nope'), 'pipeline "p" not found in eu-west-1', 1],
    [Object.assign(serviceError('ThrottlingException', 'Rate exceeded'), { $metadata: { httpStatusCode: 400, attempts: 8 } }),
      'CodePipeline is throttling requests (gave up after 8 attempts): try again later, or raise AWS_MAX_ATTEMPTS', 1],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'cannot reach the CodePipeline endpoint (ECONNREFUSED): check your network, proxy and region', 1],
    [serviceError('InvalidNextTokenException', 'The next token was invalid.\nat line 2'), 'InvalidNextTokenException: The next token was invalid.', 1],
    [new Error('socket hang up'), 'socket hang up', 1],
    ['a string', 'a string', 1],
  ])('%s', (error, message, exitCode) => {
    const cliError = toCliError(error, context);

    expect(cliError.message).toBe(message);
    expect(cliError.exitCode).toBe(exitCode);
  });

  test('CLI errors pass through unchanged', () => {
    const usage = new UsageError('bad');

    expect(toCliError(usage, context)).toBe(usage);
    expect(new CliError('x').exitCode).toBe(1);
  });
});

describe('name suggestions', () => {
  test('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('Pipeline', 'pipeline')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('close names first, substrings too, at most three', () => {
    expect(closeMatches('checkout', ['checkout-prod', 'checkuot', 'billing', 'checkout-dev', 'checkout-staging'])).toEqual(['checkuot', 'checkout-dev', 'checkout-prod']);
    expect(closeMatches('zzz', ['billing'])).toEqual([]);
  });
});

describe('command line', () => {
  test('--help lists every command, the exit codes and examples', async () => {
    const { client } = mockedClient();
    const { code, stdout } = await run(client, ['--help']);

    expect(code).toBe(0);
    for (const command of ['list', 'status', 'watch', 'history', 'start', 'stop', 'approve', 'reject', 'retry', 'rollback']) {
      expect(stdout).toMatch(new RegExp(`\\n  ${command} \\[options\\]`));
    }
    expect(stdout).toContain('Exit codes:\n  0  success');
    expect(stdout).toContain('$ cdk-delivery-pipeline status my-service-pipeline');
  });

  test.each(['list', 'status', 'watch', 'history', 'start', 'stop', 'approve', 'reject', 'retry', 'rollback'])('%s --help has examples, IAM actions, exit codes and the common options', async (command) => {
    const { client } = mockedClient();
    const { code, stdout } = await run(client, [command, '--help']);

    expect(code).toBe(0);
    expect(stdout).toContain(`Examples:\n  $ cdk-delivery-pipeline ${command}`);
    expect(stdout).toMatch(/IAM permissions needed:\n {2}codepipeline:[A-Z]/);
    expect(stdout).toContain('Exit codes:');
    for (const option of ['--json', '--region <region>', '--profile <name>', '--no-color']) {
      expect(stdout).toContain(option);
    }
  });

  test('--interval shows its default in seconds', async () => {
    const { client } = mockedClient();

    expect((await run(client, ['watch', '--help'])).stdout).toMatch(/--interval <seconds> +seconds between refreshes \(default: 10\)/);
    expect((await run(client, ['start', '--help'])).stdout).toMatch(/--interval <seconds> +with --watch: seconds between refreshes\s+\(default: 10\)/);
  });

  test('--version prints the package version', async () => {
    const { client } = mockedClient();
    const { code, stdout } = await run(client, ['--version']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.each([
    [['deploy'], "error: unknown command 'deploy'"],
    [['status', '--bogus'], "error: unknown option '--bogus'"],
    [['status', 'a', 'b'], 'error: too many arguments for \'status\''],
    [[], 'Usage: cdk-delivery-pipeline [options] [command]'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const { client, mock } = mockedClient();
    const { code, stderr } = await run(client, argv);

    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(mock.calls()).toHaveLength(0);
  });

  test.each([
    [['list', '--region', 'Frankfurt'], 'error: --region "Frankfurt" is not an AWS region name (like eu-west-1)\n'],
    [['list', '--endpoint-url', 'localhost:4566'], 'error: --endpoint-url "localhost:4566" is not an http(s) URL\n'],
  ])('%j is a usage error before any call', async (argv, message) => {
    const { client, mock } = mockedClient();
    const { code, stderr } = await run(client, argv);

    expect(code).toBe(2);
    expect(stderr).toBe(message);
    expect(mock.calls()).toHaveLength(0);
  });

  test('a service error is one line on stderr with exit 1, never a stack trace', async () => {
    const { client, mock } = mockedClient();
    mock.on(ListPipelinesCommand).rejects(serviceError('AccessDeniedException', 'no', 403));
    const { code, stdout, stderr } = await run(client, ['list']);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: access denied: this command needs the IAM permissions codepipeline:ListPipelines, codepipeline:ListPipelineExecutions\n');
  });
});
