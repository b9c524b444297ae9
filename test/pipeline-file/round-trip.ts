import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as YAML from 'yaml';
import { DeliveryPipeline } from '../../src';
import { convertFile, PipelineFileShape } from '../../src/pipeline-file/shapes';
import { findProvider, isAnyProvider } from '../../src/providers/registry';
import { validatingApp } from '../util';

/** The account corpus pipelines are built in (the files' own account). */
export const CORPUS_ACCOUNT = '123456789012';

/** One action as CodePipeline declares it, normalized so a file and a rendered template compare. */
export interface DeclaredAction {
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly runOrder: number;
  readonly region?: string;
  readonly namespace?: string;
  readonly roleArn?: string;
  readonly configuration: Record<string, string>;
  /** The configuration with the artifact names it holds replaced by their producers (see `withArtifactIds`). */
  readonly wiredConfiguration: Record<string, string>;
  /** For each input artifact, the action that produces it (`Stage.Action#output index`). */
  readonly inputs: string[];
  readonly outputCount: number;
}

export interface DeclaredStage {
  readonly name: string;
  readonly actions: DeclaredAction[];
}

const scalar = (v: unknown): string => String(v);

/**
 * A configuration value with the artifact names it holds (a whole value such as `PrimarySource`, an
 * `Artifact::path`, a JSON string such as the artifact of `Fn::GetArtifactAtt`) replaced by the producing
 * action: the library names artifacts by its own convention, so a file and its rendering compare by wiring.
 */
export function withArtifactIds(value: string, producers: Map<string, string>): string {
  if (producers.has(value)) return `@${producers.get(value)}`;
  const at = value.indexOf('::');
  if (at > 0 && producers.has(value.slice(0, at))) return `@${producers.get(value.slice(0, at))}${value.slice(at)}`;
  if (!/^\s*[[{]/.test(value)) return value;
  let out = value;
  for (const [name, id] of producers) out = out.split(JSON.stringify(name)).join(JSON.stringify(`@${id}`));
  return out;
}

/** The region a file's pipeline lives in: its sources' region, else its actions' most common one. */
export function pipelineRegion(declaration: any): string {
  const actions: any[] = declaration.pipeline.stages.flatMap((s: any) => s.actions);
  const source = actions.find(a => a.actionType === 'Source' && a.region);
  if (source) return source.region;
  const counts = new Map<string, number>();
  for (const a of actions) if (a.region) counts.set(a.region, (counts.get(a.region) ?? 0) + 1);
  return [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'us-east-1';
}

/** The file's declaration with a replication bucket for each region other than the pipeline's. */
export function withReplicationBuckets(declaration: any, region: string): any {
  const actions: any[] = declaration.pipeline.stages.flatMap((s: any) => s.actions);
  const regions = new Set<string>(actions.map(a => a.region).filter(r => r && r !== region));
  if (regions.size === 0) return declaration;
  const buckets = Object.fromEntries([...regions].map(r => [r, {
    bucketName: `replication-${r}`,
    kmsKeyArn: `arn:aws:kms:${r}:${CORPUS_ACCOUNT}:key/00000000-0000-0000-0000-000000000000`,
  }]));
  const pipeline = declaration.pipeline;
  const artifacts = { ...pipeline.artifacts, replicationBuckets: { ...buckets, ...pipeline.artifacts?.replicationBuckets } };
  return { ...declaration, pipeline: { ...pipeline, artifacts } };
}

/** The stages a pipeline file declares, normalized. */
export function declaredStages(declaration: any, region: string): DeclaredStage[] {
  const producers = new Map<string, string>();
  for (const stage of declaration.pipeline.stages) {
    for (const action of stage.actions) {
      (action.outputArtifacts ?? []).forEach((o: any, i: number) => producers.set(o.name, `${stage.name}.${action.name}#${i}`));
    }
  }
  return declaration.pipeline.stages.map((stage: any) => ({
    name: stage.name,
    actions: stage.actions.map((a: any): DeclaredAction => {
      const owner = a.owner ?? 'AWS';
      return {
        name: a.name,
        category: a.actionType,
        owner,
        provider: definitionProvider(findProvider(a.actionType, a.provider, owner)) ?? a.provider,
        version: String(a.version ?? '1'),
        runOrder: a.runOrder ?? 1,
        region: a.region !== undefined && a.region !== region ? a.region : undefined,
        namespace: a.namespace,
        roleArn: a.roleArn,
        configuration: Object.fromEntries(Object.entries(a.configuration ?? {}).map(([k, v]) => [k, scalar(v)])),
        wiredConfiguration: Object.fromEntries(Object.entries(a.configuration ?? {}).map(([k, v]) => [k, withArtifactIds(scalar(v), producers)])),
        inputs: (a.inputArtifacts ?? []).map((i: any) => producers.get(i.name) ?? `?${i.name}`),
        outputCount: (a.outputArtifacts ?? []).length,
      };
    }),
  }));
}

/** The stages of a synthesized pipeline, normalized the same way (unresolved values shown as JSON). */
export function renderedStages(template: Template): DeclaredStage[] {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
  const producers = new Map<string, string>();
  for (const stage of pipeline.Stages) {
    for (const action of stage.Actions) {
      (action.OutputArtifacts ?? []).forEach((o: any, i: number) => producers.set(o.Name, `${stage.Name}.${action.Name}#${i}`));
    }
  }
  const show = (v: unknown): string | undefined => (v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : scalar(v));
  return pipeline.Stages.map((stage: any) => ({
    name: stage.Name,
    actions: stage.Actions.map((a: any): DeclaredAction => ({
      name: a.Name,
      category: a.ActionTypeId.Category,
      owner: a.ActionTypeId.Owner,
      provider: a.ActionTypeId.Provider,
      version: String(a.ActionTypeId.Version),
      runOrder: a.RunOrder ?? 1,
      region: a.Region,
      namespace: a.Namespace,
      roleArn: show(a.RoleArn),
      configuration: Object.fromEntries(Object.entries(a.Configuration ?? {}).map(([k, v]) => [k, show(v)!])),
      wiredConfiguration: Object.fromEntries(Object.entries(a.Configuration ?? {}).map(([k, v]) => [k, withArtifactIds(show(v)!, producers)])),
      inputs: (a.InputArtifacts ?? []).map((i: any) => producers.get(i.Name) ?? `?${i.Name}`),
      outputCount: (a.OutputArtifacts ?? []).length,
    })),
  }));
}

/** The provider a definition renders (a custom or third-party definition keeps the declared one). */
function definitionProvider(definition: ReturnType<typeof findProvider>): string | undefined {
  return definition && !isAnyProvider(definition) ? definition.provider : undefined;
}

/** A JSON value written with its objects' keys sorted (JSON objects are unordered). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Equal as CodePipeline reads them: JSON documents by value, true/false in any case. */
function sameValue(given: string, rendered: string | undefined): boolean {
  if (rendered === undefined) return false;
  if (given === rendered) return true;
  if (/^(true|false)$/i.test(given)) return given.toLowerCase() === rendered.toLowerCase();
  try {
    return canonical(JSON.parse(given)) === canonical(JSON.parse(rendered));
  } catch {
    return false;
  }
}

/**
 * Every difference between what a file declares and what was rendered: stage and action names, ActionTypeId,
 * run order, region, namespace, role, every configuration key and value the file gave, and the artifact
 * wiring. Keys the library adds (e.g. `PollForSourceChanges: false`) are not differences.
 */
export function roundTripDifferences(declared: DeclaredStage[], rendered: DeclaredStage[]): string[] {
  const out: string[] = [];
  const names = (stages: DeclaredStage[]) => stages.map(s => `${s.name}[${s.actions.map(a => a.name).join(',')}]`).join(' ');
  if (names(declared) !== names(rendered)) return [`stages/actions: declared ${names(declared)}, rendered ${names(rendered)}`];
  declared.forEach((stage, i) => stage.actions.forEach((d, j) => {
    const r = rendered[i].actions[j];
    const at = `${stage.name}.${d.name}`;
    for (const field of ['category', 'owner', 'provider', 'version', 'runOrder', 'region', 'namespace', 'outputCount'] as const) {
      if (d[field] !== r[field]) out.push(`${at}: ${field} declared ${JSON.stringify(d[field])}, rendered ${JSON.stringify(r[field])}`);
    }
    if (d.roleArn !== undefined && d.roleArn !== r.roleArn) out.push(`${at}: roleArn declared ${d.roleArn}, rendered ${r.roleArn}`);
    for (const [key, value] of Object.entries(d.configuration)) {
      if (!sameValue(value, r.configuration[key]) && !sameValue(d.wiredConfiguration[key], r.wiredConfiguration[key])) out.push(`${at}: configuration ${key} declared ${JSON.stringify(value)}, rendered ${JSON.stringify(r.configuration[key])}`);
    }
    if (JSON.stringify(d.inputs) !== JSON.stringify(r.inputs)) out.push(`${at}: inputs declared ${d.inputs.join(', ')}, rendered ${r.inputs.join(', ')}`);
  }));
  return out;
}

/**
 * Loads a pipeline file's text into a stack of the corpus account in the file's region (built-in
 * CloudFormation validation on unless `validate` is false) and returns the declared and rendered stages.
 */
export function roundTrip(text: string, validate = true): { declared: DeclaredStage[]; rendered: DeclaredStage[]; template: Template } {
  // Any of the three shapes: what it declares is compared in the library's shape.
  const converted = convertFile(YAML.parse(text));
  const declaration = converted.data;
  const region = pipelineRegion(declaration);
  const app = validate ? validatingApp() : new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Corpus', { env: { account: CORPUS_ACCOUNT, region } });
  // The library shape names replication buckets in `artifacts`; the other shapes have their own per-region stores.
  const withBuckets = converted.shape === PipelineFileShape.LIBRARY ? withReplicationBuckets(declaration, region) : declaration;
  DeliveryPipeline.fromFile(stack, 'Pipeline', { text: withBuckets === declaration ? text : YAML.stringify(withBuckets) });
  const template = Template.fromStack(stack);
  return { declared: declaredStages(declaration, region), rendered: renderedStages(template), template };
}
