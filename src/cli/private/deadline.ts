import { CodePipelineClient } from '@aws-sdk/client-codepipeline';

/** A call (all its attempts and retries) took longer than the CLI allows. */
export class RequestTimeoutError extends Error {
  public constructor(
    /** The CodePipeline operation, e.g. `GetPipelineState`. */
    public readonly operation: string,
    public readonly seconds: number,
    /** The endpoint the last attempt went to, e.g. `https://codepipeline.eu-west-1.amazonaws.com`. */
    public readonly endpoint: string | undefined,
  ) {
    super(`${operation} did not complete within ${seconds} s`);
    // Not 'TimeoutError': the SDK retries those; a call past its deadline is final.
    this.name = 'RequestTimeoutError';
  }
}

const DEADLINE = Symbol('cdk-delivery-pipeline.callDeadline');

interface RequestLike {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}

/**
 * Gives every call of the client a deadline of `seconds`, its retries included: the call fails with a
 * RequestTimeoutError once it is past the deadline, whether an attempt is waiting for an answer or the
 * SDK is about to retry. (The SDK's own socket timeouts end each attempt, but it retries them.)
 */
export function addCallDeadline(client: CodePipelineClient, seconds: number): void {
  const ms = seconds * 1000;
  // Before the retry middleware: once per call.
  client.middlewareStack.add((next, context) => async (args) => {
    (context as Record<symbol, unknown>)[DEADLINE] = Date.now() + ms;
    return next(args);
  }, { step: 'initialize', name: 'cdkDeliveryPipelineCallDeadline' });
  // After it: once per attempt, against what is left of the call's time.
  client.middlewareStack.add((next, context) => async (args) => {
    const deadline = (context as Record<symbol, unknown>)[DEADLINE] as number | undefined ?? Date.now() + ms;
    const request = args.request as RequestLike;
    const endpoint = request.hostname ? `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}` : undefined;
    const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
    const timeout = () => new RequestTimeoutError(operation, seconds, endpoint);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw timeout();
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        next(args),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(timeout()), remaining); }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }, { step: 'deserialize', name: 'cdkDeliveryPipelineAttemptDeadline', priority: 'low' });
}
