import { App, Stack } from 'aws-cdk-lib';
import { DeliveryPipeline } from '../../pipeline/delivery-pipeline';

/** Options of the spec commands that say how to build the spec. */
export interface SpecBuildOptions {
  readonly connection?: string[];
  readonly set?: string[];
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
}

/** A bad command-line value (exit code 2). */
export class SpecUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecUsageError';
  }
}

/** `name=value` pairs (repeatable options) as a map. */
export function pairs(option: string, values: string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    if (at <= 0) throw new SpecUsageError(`${option} takes NAME=VALUE, got '${value}'`);
    result[value.slice(0, at)] = value.slice(at + 1);
  }
  return result;
}

/** Builds the spec's pipeline in a new app (one stack), writing the cloud assembly to `outdir`. */
export function buildSpecApp(file: string, options: SpecBuildOptions, outdir: string): { app: App; stack: Stack; pipeline: DeliveryPipeline } {
  const connections = pairs('--connection', options.connection);
  const configuration = pairs('--set', options.set);
  const app = new App({ outdir });
  const env = options.account || options.region ? { account: options.account, region: options.region } : undefined;
  const stack = new Stack(app, options.stackName ?? 'DeliveryPipeline', { env });
  const pipeline = DeliveryPipeline.fromFile(stack, 'Pipeline', { file, connections, configuration });
  return { app, stack, pipeline };
}
