import type { SpecPath } from './parse';
import { didYouMean } from '../core/private/suggest';

/** The shapes a pipeline file may come in, detected from its content. */
export enum PipelineFileShape {
  /** The library's own shape (`pipeline.stages[].actions[].actionType`), the seed's. */
  LIBRARY = 'library',
  /** The JSON `aws codepipeline get-pipeline` prints (`pipeline` + `metadata`, `actionTypeId`). */
  GET_PIPELINE = 'get-pipeline',
  /** A CloudFormation template with an `AWS::CodePipeline::Pipeline` resource (YAML or JSON). */
  CLOUDFORMATION = 'cloudformation',
}

/** A deploy-time value of an imported CloudFormation template: one of its parameters, kept as a parameter. */
export interface TemplateParameter {
  readonly name: string;
  readonly description?: string;
  readonly default?: string;
  readonly type?: string;
  readonly noEcho?: boolean;
}

/** A file converted to the library's shape, with where each converted value came from. */
export interface ConvertedFile {
  readonly shape: PipelineFileShape;
  /** The file in the library's shape. */
  readonly data: any;
  /** The source path of a path of `data` (its longest recorded prefix, extended by the rest). */
  readonly sourcePath: (path: SpecPath) => SpecPath;
  /** Parts of the file the library replaces or cannot keep, each with its source path and the reason. */
  readonly notes: Array<{ readonly path: SpecPath; readonly code: string; readonly message: string }>;
  /** CloudFormation: the template's parameters referenced by the pipeline. */
  readonly parameters: TemplateParameter[];
  /** The imported definition's own service role and artifact store (kept only when asked to). */
  readonly imported?: { readonly roleArn?: string; readonly bucketName?: string; readonly kmsKeyArn?: string };
}

/** Which shape `data` is in. */
export function detectShape(data: any): PipelineFileShape {
  if (data && typeof data === 'object' && data.Resources && typeof data.Resources === 'object'
    && Object.values(data.Resources).some((r: any) => r?.Type === 'AWS::CodePipeline::Pipeline')) {
    return PipelineFileShape.CLOUDFORMATION;
  }
  const stages = data?.pipeline?.stages;
  if (Array.isArray(stages) && stages.some((s: any) => Array.isArray(s?.actions) && s.actions.some((a: any) => a?.actionTypeId !== undefined))) {
    return PipelineFileShape.GET_PIPELINE;
  }
  return PipelineFileShape.LIBRARY;
}

/** Records converted paths and the source path each came from. */
class PathMap {
  private readonly map = new Map<string, SpecPath>();

  public set(path: SpecPath, source: SpecPath): void {
    this.map.set(JSON.stringify(path), source);
  }

  public resolve(path: SpecPath): SpecPath {
    for (let i = path.length; i >= 0; i--) {
      const source = this.map.get(JSON.stringify(path.slice(0, i)));
      if (source) return [...source, ...path.slice(i)];
    }
    return path;
  }
}

/** Names of a get-pipeline declaration (camelCase) or a CloudFormation resource (PascalCase). */
interface Names {
  readonly stages: string;
  readonly actions: string;
  readonly name: string;
  readonly actionTypeId: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly runOrder: string;
  readonly configuration: string;
  readonly inputArtifacts: string;
  readonly outputArtifacts: string;
  readonly roleArn: string;
  readonly region: string;
  readonly namespace: string;
  readonly timeoutInMinutes: string;
  readonly commands: string;
  readonly outputVariables: string;
  readonly environmentVariables: string;
  readonly files: string;
  readonly value: string;
  readonly type: string;
  readonly beforeEntry: string;
  readonly onSuccess: string;
  readonly onFailure: string;
  readonly conditions: string;
  readonly result: string;
  readonly rules: string;
  readonly ruleTypeId: string;
  readonly retryConfiguration: string;
  readonly retryMode: string;
  readonly pipelineType: string;
  readonly executionMode: string;
  readonly variables: string;
  readonly defaultValue: string;
  readonly description: string;
  readonly triggers: string;
  readonly providerType: string;
  readonly gitConfiguration: string;
  readonly sourceActionName: string;
  readonly push: string;
  readonly pullRequest: string;
  readonly branches: string;
  readonly tags: string;
  readonly filePaths: string;
  readonly includes: string;
  readonly excludes: string;
  readonly events: string;
  readonly artifactStore: string;
  readonly artifactStores: string;
  readonly disableInboundStageTransitions?: string;
}

const CAMEL: Names = {
  stages: 'stages',
  actions: 'actions',
  name: 'name',
  actionTypeId: 'actionTypeId',
  category: 'category',
  owner: 'owner',
  provider: 'provider',
  version: 'version',
  runOrder: 'runOrder',
  configuration: 'configuration',
  inputArtifacts: 'inputArtifacts',
  outputArtifacts: 'outputArtifacts',
  roleArn: 'roleArn',
  region: 'region',
  namespace: 'namespace',
  timeoutInMinutes: 'timeoutInMinutes',
  commands: 'commands',
  outputVariables: 'outputVariables',
  environmentVariables: 'environmentVariables',
  files: 'files',
  value: 'value',
  type: 'type',
  beforeEntry: 'beforeEntry',
  onSuccess: 'onSuccess',
  onFailure: 'onFailure',
  conditions: 'conditions',
  result: 'result',
  rules: 'rules',
  ruleTypeId: 'ruleTypeId',
  retryConfiguration: 'retryConfiguration',
  retryMode: 'retryMode',
  pipelineType: 'pipelineType',
  executionMode: 'executionMode',
  variables: 'variables',
  defaultValue: 'defaultValue',
  description: 'description',
  triggers: 'triggers',
  providerType: 'providerType',
  gitConfiguration: 'gitConfiguration',
  sourceActionName: 'sourceActionName',
  push: 'push',
  pullRequest: 'pullRequest',
  branches: 'branches',
  tags: 'tags',
  filePaths: 'filePaths',
  includes: 'includes',
  excludes: 'excludes',
  events: 'events',
  artifactStore: 'artifactStore',
  artifactStores: 'artifactStores',
};

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const PASCAL: Names = {
  ...(Object.fromEntries(Object.entries(CAMEL).map(([k, v]) => [k, pascal(v)])) as unknown as Names),
  disableInboundStageTransitions: 'DisableInboundStageTransitions',
};

/**
 * Converts a file in any shape to the library's shape. The library's own shape is returned as it is;
 * the other two are mapped field for field (every action field CodePipeline declares has a library key),
 * and what the library replaces (the pipeline's role and artifact store) is noted.
 */
export function convertFile(data: any): ConvertedFile {
  const shape = detectShape(data);
  if (shape === PipelineFileShape.LIBRARY) return { shape, data, sourcePath: p => p, notes: [], parameters: [] };
  const paths = new PathMap();
  const notes: ConvertedFile['notes'] = [];
  const parameters: TemplateParameter[] = [];
  let declaration: any;
  let root: SpecPath;
  let names: Names;
  if (shape === PipelineFileShape.GET_PIPELINE) {
    declaration = data.pipeline;
    root = ['pipeline'];
    names = CAMEL;
  } else {
    const [logicalId, resource] = Object.entries<any>(data.Resources).find(([, r]) => r?.Type === 'AWS::CodePipeline::Pipeline')!;
    root = ['Resources', logicalId, 'Properties'];
    declaration = withMarkers(resource.Properties ?? {}, root, notes);
    names = PASCAL;
    const referenced = new Set<string>();
    collectRefs(resource.Properties ?? {}, referenced);
    for (const [name, p] of Object.entries<any>(data.Parameters ?? {})) {
      if (!referenced.has(name)) continue;
      parameters.push({
        name,
        description: p?.Description,
        default: p?.Default !== undefined ? String(p.Default) : undefined,
        type: p?.Type,
        noEcho: p?.NoEcho === true || p?.NoEcho === 'true',
      });
    }
  }
  const n = names;
  paths.set(['pipeline'], root);
  unknownKeys(declaration, [n.name, n.roleArn, n.artifactStore, n.artifactStores, n.stages, n.version, n.executionMode, n.pipelineType,
    n.variables, n.triggers, ...(n.disableInboundStageTransitions ? [n.disableInboundStageTransitions, 'RestartExecutionOnUpdate', 'Tags', 'Name'] : [])], root, notes);
  if (shape === PipelineFileShape.GET_PIPELINE) unknownKeys(data, ['pipeline', 'metadata'], [], notes);
  const pipeline: any = {};
  const copy = (target: any, key: string, value: unknown, from: SpecPath, to: SpecPath) => {
    if (value === undefined) return;
    target[key] = value;
    paths.set(to, from);
  };
  copy(pipeline, 'name', declaration[n.name], [...root, n.name], ['pipeline', 'name']);
  copy(pipeline, 'pipelineType', declaration[n.pipelineType], [...root, n.pipelineType], ['pipeline', 'pipelineType']);
  copy(pipeline, 'executionMode', declaration[n.executionMode], [...root, n.executionMode], ['pipeline', 'executionMode']);
  if (n === PASCAL) {
    copy(pipeline, 'restartExecutionOnUpdate', declaration.RestartExecutionOnUpdate, [...root, 'RestartExecutionOnUpdate'], ['pipeline', 'restartExecutionOnUpdate']);
    if (declaration.Tags !== undefined) notes.push({ path: [...root, 'Tags'], code: 'NotKept', message: "'Tags' are not kept: tag the stack or the pipeline construct (Tags.of(...).add)" });
  }
  if (Array.isArray(declaration[n.variables])) {
    pipeline.variables = declaration[n.variables].map((v: any, i: number) => {
      paths.set(['pipeline', 'variables', i], [...root, n.variables, i]);
      return defined({ name: v?.[n.name], defaultValue: v?.[n.defaultValue], description: v?.[n.description] });
    });
  }
  if (Array.isArray(declaration[n.triggers])) {
    pipeline.triggers = declaration[n.triggers].map((t: any, i: number) => {
      const from: SpecPath = [...root, n.triggers, i];
      paths.set(['pipeline', 'triggers', i], from);
      const git = t?.[n.gitConfiguration] ?? {};
      const filters = (list: any) => (Array.isArray(list) ? list.map((f: any) => defined({
        branches: includesExcludes(f?.[n.branches], n),
        tags: includesExcludes(f?.[n.tags], n),
        filePaths: includesExcludes(f?.[n.filePaths], n),
        events: f?.[n.events],
      })) : undefined);
      paths.set(['pipeline', 'triggers', i, 'sourceAction'], [...from, n.gitConfiguration, n.sourceActionName]);
      return defined({ sourceAction: git[n.sourceActionName], push: filters(git[n.push]), pullRequest: filters(git[n.pullRequest]) });
    });
  }
  for (const [key, what] of [[n.roleArn, "the pipeline's service role: the library creates a least-privilege role"],
    [n.artifactStore, 'the artifact store: the library creates a hardened bucket (encrypted, versioned, retained, lifecycle rules)'],
    [n.artifactStores, "the pipeline region's artifact store: the library creates a hardened bucket; the other regions' stores are kept as replication buckets"]] as const) {
    if (declaration[key] !== undefined) notes.push({ path: [...root, key], code: 'Replaced', message: `'${key}' is not kept: ${what}` });
  }
  // Per-region stores (cross-region actions): the buckets CodePipeline copies artifacts to, kept as replication buckets.
  const stores = storesByRegion(declaration[n.artifactStores], n === PASCAL);
  if (stores) {
    pipeline.artifacts = { replicationBuckets: stores };
    paths.set(['pipeline', 'artifacts', 'replicationBuckets'], [...root, n.artifactStores]);
  }
  if (n.disableInboundStageTransitions && declaration[n.disableInboundStageTransitions] !== undefined) {
    notes.push({ path: [...root, n.disableInboundStageTransitions], code: 'NotKept', message: "'DisableInboundStageTransitions' is not kept: disable transitions with the CLI or the console after deploying" });
  }
  pipeline.stages = (Array.isArray(declaration[n.stages]) ? declaration[n.stages] : []).map((stage: any, i: number) => {
    const from: SpecPath = [...root, n.stages, i];
    const to: SpecPath = ['pipeline', 'stages', i];
    paths.set(to, from);
    unknownKeys(stage, [n.name, n.actions, n.beforeEntry, n.onSuccess, n.onFailure, CAMEL === n ? 'blockers' : 'Blockers'], from, notes);
    const out: any = { name: stage?.[n.name] };
    out.actions = (Array.isArray(stage?.[n.actions]) ? stage[n.actions] : []).map((action: any, j: number) => convertAction(action, [...from, n.actions, j], [...to, 'actions', j], n, paths, notes));
    for (const hook of ['beforeEntry', 'onSuccess', 'onFailure'] as const) {
      const given = stage?.[n[hook]];
      if (given === undefined) continue;
      paths.set([...to, hook], [...from, n[hook]]);
      out[hook] = defined({
        result: given[n.result],
        retryMode: given[n.retryConfiguration]?.[n.retryMode],
        conditions: Array.isArray(given[n.conditions]) ? given[n.conditions].map((c: any, k: number) => {
          paths.set([...to, hook, 'conditions', k], [...from, n[hook], n.conditions, k]);
          return defined({
            result: c?.[n.result],
            rules: Array.isArray(c?.[n.rules]) ? c[n.rules].map((r: any, m: number) => {
              paths.set([...to, hook, 'conditions', k, 'rules', m], [...from, n[hook], n.conditions, k, n.rules, m]);
              return defined({ name: r?.[n.name], provider: r?.[n.ruleTypeId]?.[n.provider], configuration: r?.[n.configuration] });
            }) : undefined,
          });
        }) : undefined,
      });
    }
    return out;
  });
  const store = declaration[n.artifactStore];
  const imported = defined({
    roleArn: typeof declaration[n.roleArn] === 'string' ? declaration[n.roleArn] : undefined,
    bucketName: typeof store?.[n === PASCAL ? 'Location' : 'location'] === 'string' ? store[n === PASCAL ? 'Location' : 'location'] : undefined,
    kmsKeyArn: store?.[n === PASCAL ? 'EncryptionKey' : 'encryptionKey']?.[n === PASCAL ? 'Id' : 'id'],
  });
  return { shape, data: { pipeline: defined(pipeline) }, sourcePath: p => paths.resolve(p), notes, parameters, imported };
}

function convertAction(action: any, from: SpecPath, to: SpecPath, n: Names, paths: PathMap, notes: ConvertedFile['notes']): any {
  paths.set(to, from);
  unknownKeys(action, [n.name, n.actionTypeId, n.runOrder, n.configuration, n.inputArtifacts, n.outputArtifacts, n.roleArn, n.region,
    n.namespace, n.timeoutInMinutes, n.commands, n.outputVariables, n.environmentVariables], from, notes);
  const type = action?.[n.actionTypeId] ?? {};
  const map = (key: keyof Names, target: string) => paths.set([...to, target], [...from, n[key]!]);
  paths.set([...to, 'actionType'], [...from, n.actionTypeId, n.category]);
  paths.set([...to, 'owner'], [...from, n.actionTypeId, n.owner]);
  paths.set([...to, 'provider'], [...from, n.actionTypeId, n.provider]);
  paths.set([...to, 'version'], [...from, n.actionTypeId, n.version]);
  for (const key of ['runOrder', 'configuration', 'inputArtifacts', 'outputArtifacts', 'roleArn', 'region', 'namespace',
    'timeoutInMinutes', 'commands', 'outputVariables', 'environmentVariables'] as const) map(key, key);
  const artifacts = (list: any, withFiles: boolean) => (Array.isArray(list)
    ? list.map((a: any) => defined({ name: a?.[n.name], files: withFiles ? a?.[n.files] : undefined }))
    : undefined);
  return defined({
    name: action?.[n.name],
    actionType: type[n.category],
    owner: type[n.owner],
    provider: type[n.provider],
    version: type[n.version] !== undefined ? String(type[n.version]) : undefined,
    runOrder: action?.[n.runOrder],
    region: action?.[n.region],
    namespace: action?.[n.namespace],
    roleArn: action?.[n.roleArn],
    timeoutInMinutes: action?.[n.timeoutInMinutes],
    inputArtifacts: artifacts(action?.[n.inputArtifacts], false),
    outputArtifacts: artifacts(action?.[n.outputArtifacts], true),
    configuration: action?.[n.configuration],
    commands: action?.[n.commands],
    outputVariables: action?.[n.outputVariables],
    environmentVariables: Array.isArray(action?.[n.environmentVariables])
      ? action[n.environmentVariables].map((v: any) => defined({ name: v?.[n.name], value: v?.[n.value], type: v?.[n.type] }))
      : undefined,
  });
}

/** Notes each key of `value` that the shape does not have (nothing in a file is dropped silently). */
function unknownKeys(value: any, known: string[], path: SpecPath, notes: ConvertedFile['notes']): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      notes.push({ path: [...path, key], code: 'UnknownKey', message: `unknown key '${key}'${didYouMean(key, known)}: use one of ${known.join(', ')}` });
    }
  }
}

/** `artifactStores` (get-pipeline: region → store; CloudFormation: a list of { Region, ArtifactStore }) as replication buckets. */
function storesByRegion(value: any, capitalized: boolean): Record<string, { bucketName: string; kmsKeyArn?: string }> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const entries: Array<[string, any]> = capitalized
    ? (Array.isArray(value) ? value.map((e: any) => [e?.Region, e?.ArtifactStore] as [string, any]) : [])
    : Object.entries(value);
  const out: Record<string, { bucketName: string; kmsKeyArn?: string }> = {};
  for (const [region, store] of entries) {
    const location = store?.[capitalized ? 'Location' : 'location'];
    if (typeof region !== 'string' || typeof location !== 'string') continue;
    const key = store?.[capitalized ? 'EncryptionKey' : 'encryptionKey']?.[capitalized ? 'Id' : 'id'];
    out[region] = defined({ bucketName: location, kmsKeyArn: typeof key === 'string' && key.startsWith('arn:') ? key : undefined });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function includesExcludes(value: any, n: Names): any {
  if (value === undefined || value === null) return undefined;
  return defined({ includes: value[n.includes], excludes: value[n.excludes] });
}

/** How a deploy-time value of an imported template is written in the converted file: `{{cfn:Name}}`. */
export const CFN_MARKER = /\{\{cfn:([A-Za-z0-9:.]+)\}\}/g;

/**
 * The declaration with each intrinsic that names a value (`Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::Join` of
 * those) written as `{{cfn:Name}}` markers, which the loader turns into CloudFormation references; any
 * other intrinsic is noted as a problem.
 */
function withMarkers(value: any, path: SpecPath, notes: ConvertedFile['notes']): any {
  if (Array.isArray(value)) return value.map((v, i) => withMarkers(v, [...path, i], notes));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const text = markerOf(value, path, notes);
    if (text !== undefined) return text;
    return '';
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkers(v, [...path, k], notes)]));
}

function markerOf(value: any, path: SpecPath, notes: ConvertedFile['notes']): string | undefined {
  const [fn, arg] = Object.entries(value)[0] as [string, any];
  if (fn === 'Ref' && typeof arg === 'string') return `{{cfn:${arg}}}`;
  if (fn === 'Fn::GetAtt') {
    const parts = Array.isArray(arg) ? arg : String(arg).split('.');
    if (parts.length === 2 && parts.every(p => typeof p === 'string')) return `{{cfn:${parts[0]}.${parts[1]}}}`;
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(arg) ? arg : [arg, undefined];
    if (typeof text === 'string') {
      return text.replace(/\$\{(!?)([A-Za-z0-9:.]+)\}/g, (_all, bang: string, name: string) => {
        if (bang) return `\${${name}}`;
        const bound = vars?.[name];
        if (bound === undefined) return `{{cfn:${name}}}`;
        return typeof bound === 'string' ? bound : markerOf(bound, path, notes) ?? '';
      });
    }
  }
  if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
    const parts = arg[1].map((p: any) => (typeof p === 'string' ? p : markerOf(p, path, notes)));
    if (parts.every((p: string | undefined) => p !== undefined)) return parts.join(arg[0]);
  }
  notes.push({
    path,
    code: 'UnsupportedIntrinsic',
    message: `${fn} cannot be kept (only Ref, Fn::Sub, Fn::GetAtt and Fn::Join of them become parameters of the synthesized template): ` +
      "replace it by its value, or give the value when loading (PipelineFileOptions.configuration['Action.Key'])",
  });
  return undefined;
}

/** The CloudFormation parameters `Ref` or `Fn::Sub` name in `value`. */
function collectRefs(value: any, into: Set<string>): void {
  if (Array.isArray(value)) {
    value.forEach(v => collectRefs(v, into));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') {into.add(v);} else if (key === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) into.add(m[1]);
        if (Array.isArray(v)) collectRefs(v[1], into);
      } else {collectRefs(v, into);}
    }
  }
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
