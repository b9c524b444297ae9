import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { Environment } from './private/io';

/** Attempts per call (first try included) unless AWS_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

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
}

/**
 * The one place the CLI creates SDK clients.
 *
 * Throttling and transient errors are retried by the SDK with exponential backoff and
 * jitter; the adaptive mode also slows the client down when CodePipeline throttles it,
 * which matters for `list` (one call per pipeline) and `watch` (polling).
 * AWS_MAX_ATTEMPTS and AWS_RETRY_MODE override these defaults.
 */
export function createCodePipelineClient(options: ClientOptions): CodePipelineClient {
  return new CodePipelineClient({
    region: options.region,
    profile: options.profile,
    endpoint: options.endpoint,
    maxAttempts: options.env.AWS_MAX_ATTEMPTS ? undefined : DEFAULT_MAX_ATTEMPTS,
    retryMode: options.env.AWS_RETRY_MODE ? undefined : 'adaptive',
    customUserAgent: 'cdk-delivery-pipeline-cli',
  });
}
