import { RequestTimeoutError } from './deadline';
import { CliError, ExitCode, UsageError } from './errors';

/** What is known about the failed call, to make the message actionable. */
export interface ErrorContext {
  /** The pipeline the command was working on, if any. */
  readonly pipeline?: string;
  /** The region the client was using, if resolved. */
  readonly region?: string;
  /** The IAM actions the command needs (shown when access is denied). */
  readonly iamActions: readonly string[];
}

interface ErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED_ERRORS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const REJECTED_CREDENTIAL_ERRORS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const ACCESS_DENIED_ERRORS = new Set(['AccessDeniedException', 'AccessDenied']);
const THROTTLING_ERRORS = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'TimeoutError']);

/** Readable text for well-known CodePipeline exceptions; the service message follows. */
const SERVICE_ERRORS: Record<string, string> = {
  StageNotFoundException: 'stage not found',
  ActionNotFoundException: 'action not found',
  PipelineExecutionNotFoundException: 'pipeline execution not found',
  StageNotRetryableException: 'the stage cannot be retried',
  NotLatestPipelineExecutionException: 'not the latest execution of the stage',
  UnableToRollbackStageException: 'the stage cannot be rolled back',
  PipelineExecutionNotStoppableException: 'the execution cannot be stopped',
  DuplicatedStopRequestException: 'the execution is already being stopped',
  ApprovalAlreadyCompletedException: 'the approval was already completed',
  InvalidApprovalTokenException: 'the approval token is no longer valid (the approval may have been completed or timed out)',
  ConcurrentPipelineExecutionsLimitExceededException: 'too many concurrent executions',
  ConflictException: 'conflicting request',
  ConcurrentModificationException: 'the pipeline is being modified concurrently',
  PipelineExecutionOutdatedException: 'the execution is outdated',
  ValidationException: 'invalid request',
};

/** Turns anything thrown by the SDK (or the CLI) into a one-line, actionable CliError. */
export function toCliError(error: unknown, context: ErrorContext): CliError {
  if (error instanceof CliError) {
    return error;
  }
  if (error instanceof RequestTimeoutError) {
    return new CliError(`CodePipeline did not answer ${error.operation} within ${error.seconds} s`
      + `${error.endpoint ? ` (${error.endpoint})` : ''}: check your network, proxy, region and endpoint, or allow longer with --request-timeout <seconds>`);
  }
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = e.name ?? '';
  const message = firstLine(e.message ?? '');
  const profileHint = 'configure credentials (aws configure, aws sso login) or pass --profile';

  if (CREDENTIAL_ERRORS.has(name) || /could not load credentials/i.test(message)) {
    const detail = message && !/could not load credentials from any providers/i.test(message) ? ` (${message.replace(/\.$/, '')})` : '';
    return new CliError(`no AWS credentials found${detail}: ${profileHint}`);
  }
  if (EXPIRED_ERRORS.has(name)) {
    return new CliError('the AWS credentials have expired: refresh them (for example aws sso login) and try again');
  }
  if (REJECTED_CREDENTIAL_ERRORS.has(name)) {
    return new CliError(`AWS rejected the credentials (${name}): ${profileHint}`);
  }
  if (/region is missing/i.test(message)) {
    return new UsageError('no AWS region configured: pass --region or set AWS_REGION');
  }
  if (ACCESS_DENIED_ERRORS.has(name) || e.$metadata?.httpStatusCode === 403) {
    return new CliError(accessDeniedMessage(message, context.iamActions));
  }
  if (name === 'PipelineNotFoundException') {
    return new CliError(`pipeline "${context.pipeline ?? '?'}" not found${context.region ? ` in ${context.region}` : ''}`);
  }
  if (THROTTLING_ERRORS.has(name) || e.$metadata?.httpStatusCode === 429) {
    const attempts = e.$metadata?.attempts;
    return new CliError(`CodePipeline is throttling requests${attempts ? ` (gave up after ${attempts} attempts)` : ''}: try again later, or raise AWS_MAX_ATTEMPTS`);
  }
  const networkCode = e.code ?? name;
  if (NETWORK_CODES.has(networkCode)) {
    return new CliError(`cannot reach the CodePipeline endpoint (${networkCode}): check your network, proxy and region`);
  }
  const readable = SERVICE_ERRORS[name];
  if (readable) {
    return new CliError(message ? `${readable}: ${message}` : readable);
  }
  if (name && name !== 'Error') {
    return new CliError(message ? `${name}: ${message}` : name);
  }
  return new CliError(message || 'unexpected error', ExitCode.FAILURE);
}

/** Whether the error says CodePipeline throttled the call (after the SDK's own retries). */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as ErrorLike;
  return THROTTLING_ERRORS.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429;
}

/** Whether the error says the pipeline does not exist. */
export function isPipelineNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as ErrorLike).name === 'PipelineNotFoundException';
}

function accessDeniedMessage(message: string, iamActions: readonly string[]): string {
  const denied = /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1];
  if (denied) {
    return `access denied: your identity is missing the IAM permission ${denied}`;
  }
  return `access denied: this command needs the IAM permission${iamActions.length > 1 ? 's' : ''} ${iamActions.join(', ')}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
