import * as http from 'http';
import { AddressInfo } from 'net';

/** A recorded request to the stub. */
export interface StubRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly headers: http.IncomingHttpHeaders;
}

/** An AWS JSON-protocol error reply. */
export interface StubError {
  readonly error: string;
  readonly message: string;
  readonly status?: number;
}

export type StubReply = Record<string, unknown> | StubError;
export type StubHandler = (input: Record<string, unknown>) => StubReply;

/**
 * A local CodePipeline endpoint speaking the AWS JSON 1.1 protocol
 * (POST /, X-Amz-Target: CodePipeline_20150709.<Operation>), on 127.0.0.1 and a random port.
 */
export class CodePipelineStub {
  /** Every request received, in order. */
  public readonly requests: StubRequest[] = [];
  private readonly handlers = new Map<string, StubHandler[]>();
  private readonly server: http.Server;
  private silent = false;

  public constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Answers the operation with the handler (queued handlers run once each, the last one forever). */
  public on(operation: string, ...handlers: StubHandler[]): this {
    this.handlers.set(operation, handlers);
    return this;
  }

  /** From now on, accepts connections and reads requests (recording them) but never answers. */
  public neverAnswer(): this {
    this.silent = true;
    return this;
  }

  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  /** The operations called, in order. */
  public operations(): string[] {
    return this.requests.map((r) => r.operation);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^CodePipeline_20150709\./, '');
      const body = Buffer.concat(chunks).toString('utf-8');
      const input = body ? JSON.parse(body) as Record<string, unknown> : {};
      this.requests.push({ operation, input, headers: req.headers });
      if (this.silent) {
        return;
      }
      const queue = this.handlers.get(operation);
      const handler = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      const reply: StubReply = handler
        ? handler(input)
        : { error: 'UnknownOperationException', message: `stub has no handler for ${target}` };
      const isError = typeof reply.error === 'string' && typeof reply.message === 'string';
      const status = isError ? ((reply as StubError).status ?? 400) : 200;
      const payload = isError ? { __type: reply.error, message: reply.message } : reply;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${this.requests.length}` });
      res.end(JSON.stringify(payload));
    });
  }
}
