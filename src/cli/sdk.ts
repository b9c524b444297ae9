import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { addCallDeadline } from './private/deadline';
import { Environment } from './private/io';

/** Attempts per call (first try included) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** Seconds one call may take, its retries included, unless --request-timeout says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** How the CLI connects to CodePipeline. */
export interface ClientOptions {
  /** --region; otherwise the SDK's chain (AWS_REGION, the profile's region). */
  readonly region?: string;
  /** --profile; otherwise AWS_PROFILE or "default". */
  readonly profile?: string;
  /**
   * --endpoint-url; AWS_ENDPOINT_URL_CODEPIPELINE and AWS_ENDPOINT_URL are honoured
   * by the SDK itself when this is not given.
   */
  readonly endpoint?: string;
  /** The process environment (for retry settings). */
  readonly env: Environment;
  /**
   * --request-timeout: seconds one call may take, its retries included; also each attempt's
   * connection and socket timeout.
   */
  readonly requestTimeoutSeconds?: number;
}

/**
 * The one place the CLI creates SDK clients.
 *
 * Throttling and transient errors are retried by the SDK with exponential backoff and
 * jitter; the adaptive mode also slows the client down when CodePipeline throttles it,
 * which matters for `list` (one call per pipeline) and `watch` (polling).
 * AWS_MAX_ATTEMPTS and AWS_RETRY_MODE override these defaults.
 *
 * No call waits forever: each attempt has a connection and socket timeout, and each call a deadline
 * (DEFAULT_REQUEST_TIMEOUT_SECONDS, or --request-timeout) after which it fails with a RequestTimeoutError.
 */
export function createCodePipelineClient(options: ClientOptions): CodePipelineClient {
  const seconds = options.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
  const client = new CodePipelineClient({
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    maxAttempts: options.env.AWS_MAX_ATTEMPTS ? undefined : DEFAULT_MAX_ATTEMPTS,
    retryMode: options.env.AWS_RETRY_MODE ? undefined : 'adaptive',
    customUserAgent: 'cdk-delivery-pipeline-cli',
    // Each attempt: connected and answered in time, else a TimeoutError the SDK retries within the deadline.
    requestHandler: { connectionTimeout: seconds * 1000, requestTimeout: seconds * 1000, throwOnRequestTimeout: true },
  });
  addCallDeadline(client, seconds);
  return client;
}
