import { App, Stack } from 'aws-cdk-lib';
import { DeliveryPipeline, MissingValues, PipelineQuotas } from '../../index';

/** Options of the spec commands that say how to build the spec. */
export interface SpecBuildOptions {
  readonly connection?: string[];
  readonly set?: string[];
  readonly quota?: string[];
  /** `parameters` or `error`: always set, as `--missing-values` takes only those and defaults to `parameters`. */
  readonly missingValues: string;
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

/** `--missing-values` choices, as PipelineFileOptions.missingValues. */
export const MISSING_VALUES: Record<string, MissingValues> = { parameters: MissingValues.PARAMETERS, error: MissingValues.ERROR };

/** `--quota` names, as PipelineQuotas fields. */
export const QUOTA_FLAGS: Record<string, keyof PipelineQuotas> = {
  'stages': 'maxStages',
  'actions-per-stage': 'maxActionsPerStage',
  'actions': 'maxActionsPerPipeline',
};

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

/** The `--quota NAME=N` values as PipelineQuotas (undefined when none is given). */
export function quotasOf(values: string[] | undefined): PipelineQuotas | undefined {
  if (!values || values.length === 0) return undefined;
  const names = Object.keys(QUOTA_FLAGS);
  const quotas: Record<string, number> = {};
  for (const [name, value] of Object.entries(pairs('--quota', values))) {
    const field = QUOTA_FLAGS[name];
    if (!field) throw new SpecUsageError(`--quota: unknown quota '${name}': use ${names.join(', ')}`);
    if (!/^[1-9]\d*$/.test(value)) throw new SpecUsageError(`--quota ${name} takes a positive whole number, got '${value}'`);
    quotas[field] = Number(value);
  }
  return quotas;
}

/** Builds the spec's pipeline in a new app (one stack), writing the cloud assembly to `outdir`. */
export function buildSpecApp(file: string, options: SpecBuildOptions, outdir: string): { app: App; stack: Stack; pipeline: DeliveryPipeline } {
  const connections = pairs('--connection', options.connection);
  const configuration = pairs('--set', options.set);
  const quotas = quotasOf(options.quota);
  const missingValues = MISSING_VALUES[options.missingValues];
  const app = new App({ outdir });
  const env = options.account || options.region ? { account: options.account, region: options.region } : undefined;
  const stack = new Stack(app, options.stackName ?? 'DeliveryPipeline', { env });
  const pipeline = DeliveryPipeline.fromFile(stack, 'Pipeline', { file, connections, configuration, quotas, missingValues });
  return { app, stack, pipeline };
}
