import * as fs from 'fs';
import { Annotations, Duration, Errors, RemovalPolicy } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ActionContext } from './action-context';
import { stageConditionsOf } from './conditions';
import { PipelineFileError, PipelineFileProblem } from './file-error';
import { PipelineFileOptions } from './options';
import { DeployTimeValues } from './parameters';
import { ParsedSpec, parseSpec, renderPath, SpecPath } from './parse';
import { StepFactory } from './step-factory';
import { SpecSource, SpecStep } from './steps';
import { reportUnknownProvider } from './unknown-provider';
import { PipelineArtifact } from '../core/artifact';
import { DeliveryPipelineError } from '../core/private/errors';
import { didYouMean } from '../core/private/suggest';
import { StepCategory } from '../core/step';
import type { DeliveryPipeline, DeliveryPipelineProps } from '../pipeline/delivery-pipeline';
import { StageOptions } from '../pipeline/stage-options';
import { checkConfiguration } from '../providers/configuration';
import { ProviderDefinition } from '../providers/definition';
import { findProvider, isAnyProvider, providerDefinitions } from '../providers/registry';
import { CONNECTION_SOURCE_PROVIDER } from '../sources/connection';
import { GitTrigger } from '../triggers/trigger';
import { ActionModel, PipelineModel, StageModel } from '../validation/model';
import { PipelineValidator } from '../validation/validator';
import { PipelineVariable } from '../variables/variable';

/** A spec that passed every check: its model, and the props of the pipeline it describes. */
export interface LoadedSpec {
  /** A name for the spec in messages (its file name, or `spec`). */
  readonly source: string;
  readonly spec: ParsedSpec;
  readonly model: PipelineModel;
  readonly props: DeliveryPipelineProps;
  /** The file's pipeline, with deploy-time references resolved to tokens. */
  readonly pipeline: any;
  /** The values left to deploy time (CloudFormation parameters of the stack). */
  readonly values: DeployTimeValues;
}

/** Reads the spec's text from `file` or `text`. */
export function specText(options: PipelineFileOptions): { source: string; text: string } {
  if ((options.file === undefined) === (options.text === undefined)) {
    const got = options.file === undefined ? 'neither was given' : `both were given (file '${options.file}' and text)`;
    throw new DeliveryPipelineError('SpecSource', `give exactly one of 'file' (a YAML or JSON file) or 'text' (the spec itself): ${got}`);
  }
  if (options.text !== undefined) return { source: 'spec', text: options.text };
  try {
    return { source: options.file!, text: fs.readFileSync(options.file!, 'utf8') };
  } catch (error) {
    throw new DeliveryPipelineError('SpecFileUnreadable',
      `cannot read spec file '${options.file}': ${(error as Error).message}: check the path (relative to the working directory, ${process.cwd()}) and that the file is readable`);
  }
}

const CATEGORY: Record<string, StepCategory> = {
  Source: StepCategory.SOURCE,
  Build: StepCategory.BUILD,
  Test: StepCategory.TEST,
  Approval: StepCategory.APPROVAL,
  Deploy: StepCategory.DEPLOY,
  Invoke: StepCategory.INVOKE,
  Compute: StepCategory.BUILD,
};

/**
 * Parses, checks and maps a spec. Throws a PipelineFileError carrying every problem (syntax, schema, missing
 * configuration, CodePipeline rules) when the spec cannot become a pipeline.
 */
export function loadSpec(options: PipelineFileOptions): LoadedSpec {
  const { source, text } = specText(options);
  const parsed = parseSpec(text);
  if (!parsed.spec || parsed.problems.length > 0) throw new PipelineFileError(source, sortProblems(parsed.problems));
  const spec = parsed.spec;
  const problems: PipelineFileProblem[] = [];
  const places = new Map<string, SpecPath>();
  // An imported template's references (and any value left out, below) become parameters of the stack.
  const values = new DeployTimeValues(spec.parameters);
  const pipeline = values.resolveMarkers(spec.data.pipeline);

  // Each spec artifact is wired to exactly the action that declares it (stage, action, output index):
  // action names may repeat across stages, and a further output must not be read as the main one.
  const producers = new Map<string, PipelineArtifact>();
  pipeline.stages.forEach((stage: any) => stage.actions.forEach((action: any) => {
    (action.outputArtifacts ?? []).forEach((output: any, i: number) => {
      if (!producers.has(output.name)) producers.set(output.name, PipelineArtifact._ofAction(stage.name, action.name, i));
    });
  }));

  const stageModels: StageModel[] = [];
  const layout: StageOptions[] = [];
  const sources: SpecSource[] = [];
  pipeline.stages.forEach((stage: any, i: number) => {
    const stagePath: SpecPath = ['pipeline', 'stages', i];
    places.set(renderPath(stagePath), stagePath);
    const steps: SpecStep[] = [];
    const actions: ActionModel[] = stage.actions.map((action: any, j: number): ActionModel => {
      const path: SpecPath = [...stagePath, 'actions', j];
      const location = renderPath(path);
      places.set(location, path);
      const a = new ActionContext(spec, path, stage.name, action, options, producers, problems);
      a.values = values;
      const definition = findProvider(action.actionType, action.provider, action.owner ?? 'AWS');
      let factory: StepFactory | undefined;
      if (definition) {
        checkActionFields(a, definition);
        checkConfiguration(a, definition);
        factory = definition.fromFile(a);
      } else {
        reportUnknownProvider(a);
      }
      const own = definition?.fileKeys ?? [];
      const origin = {
        source,
        spec,
        path,
        region: action.region,
        roleArn: definition && !own.includes('roleArn') ? action.roleArn : undefined,
        namespace: definition && !own.includes('namespace') ? action.namespace : undefined,
      };
      const runOrder = action.runOrder ?? 1;
      if (factory) {
        if (action.actionType === 'Source') sources.push(new SpecSource(action.name, runOrder, origin, factory));
        else steps.push(new SpecStep(CATEGORY[action.actionType], action.name, runOrder, origin, factory));
      }
      return {
        name: action.name,
        category: action.actionType,
        owner: action.owner ?? 'AWS',
        // A definition of any provider (custom, third-party) keeps the action's own.
        provider: (definition && !isAnyProvider(definition) ? definition.provider : undefined) ?? action.provider,
        runOrder: action.runOrder,
        inputArtifacts: a.inputs,
        outputArtifacts: a.outputs,
        configuration: a.config,
        variablesNamespace: action.namespace,
        region: action.region,
        timeoutInMinutes: action.timeoutInMinutes,
        location,
      };
    });
    stageModels.push({
      name: stage.name,
      actions,
      hasConditions: Boolean(stage.beforeEntry || stage.onSuccess || stage.onFailure?.conditions),
      rollbackOnFailure: stage.onFailure?.result === 'ROLLBACK',
      retryOnFailure: stage.onFailure?.result === 'RETRY',
      location: renderPath(stagePath),
    });
    if (i > 0) {layout.push({ stageName: stage.name, steps });} else if (stage.beforeEntry || stage.onSuccess || stage.onFailure) {
      problems.push(spec.problem('SourceStageConditions', stagePath,
        "the first stage holds the sources, which CodePipeline starts without conditions: move 'beforeEntry', 'onSuccess' and 'onFailure' to a later stage"));
    }
  });

  checkTriggers(spec, pipeline, problems);
  checkOverrides(pipeline, options, problems);
  const model: PipelineModel = {
    name: options.pipelineName ?? pipeline.name,
    pipelineType: pipeline.pipelineType ?? 'V2',
    executionMode: pipeline.executionMode,
    triggerCount: (pipeline.triggers ?? []).length,
    variables: (pipeline.variables ?? []).map((v: any, i: number) => {
      const path: SpecPath = ['pipeline', 'variables', i];
      places.set(renderPath(path), path);
      return { name: v.name, defaultValue: v.defaultValue, location: renderPath(path) };
    }),
    stages: stageModels,
    location: 'pipeline',
  };
  places.set('pipeline', ['pipeline']);
  for (const problem of PipelineValidator.validate(model, options.quotas)) {
    problems.push(spec.problem(problem.code, places.get(problem.location) ?? ['pipeline'], problem.message));
  }
  if (problems.length > 0 || sources.length === 0) {
    throw new PipelineFileError(source, sortProblems(problems.length > 0 ? problems
      : [spec.problem('NoSource', ['pipeline', 'stages'], 'the pipeline has no source action: add one to the first stage')]));
  }

  const props: DeliveryPipelineProps = {
    pipelineName: options.pipelineName ?? pipeline.name,
    pipelineType: pipeline.pipelineType === 'V1' ? codepipeline.PipelineType.V1 : codepipeline.PipelineType.V2,
    restartExecutionOnUpdate: pipeline.restartExecutionOnUpdate,
    executionMode: pipeline.executionMode ? codepipeline.ExecutionMode[pipeline.executionMode as keyof typeof codepipeline.ExecutionMode] : undefined,
    variables: (pipeline.variables ?? []).map((v: any) => new PipelineVariable(v.name, { defaultValue: v.defaultValue, description: v.description })),
    triggers: (pipeline.triggers ?? []).map((t: any) => gitTrigger(t, sources)),
    source: sources[0],
    additionalSources: sources.slice(1),
    sourceStageName: pipeline.stages[0]?.name,
    quotas: options.quotas,
    stages: layout,
    artifactBucket: options.artifactBucket,
    artifactStorage: artifactStorage(pipeline.artifacts),
    monitoring: {
      emails: pipeline.notifications?.emails,
      notifyOnSuccess: pipeline.notifications?.notifyOnSuccess,
      alarms: pipeline.alarms?.enabled,
      alarmPeriod: pipeline.alarms?.periodMinutes !== undefined ? Duration.minutes(pipeline.alarms.periodMinutes) : undefined,
      ...definedOnly(options.monitoring),
    },
    codeBuildDefaults: {
      computeType: pipeline.codeBuild?.computeType
        ? codebuild.ComputeType[pipeline.codeBuild.computeType as keyof typeof codebuild.ComputeType]
        : undefined,
      timeout: pipeline.codeBuild?.timeoutMinutes !== undefined ? Duration.minutes(pipeline.codeBuild.timeoutMinutes) : undefined,
      ...definedOnly(options.codeBuildDefaults),
    },
  };
  return { source, spec, model, props, pipeline, values };
}

/**
 * Builds the pipeline a spec describes: `create` makes the DeliveryPipeline from the props, then the
 * spec's pipeline-level V2 settings are applied to it.
 */
export function buildFromSpec(scope: Construct, id: string, options: PipelineFileOptions,
  create: (props: DeliveryPipelineProps) => DeliveryPipeline): DeliveryPipeline {
  const loaded = loadSpec(options);
  try {
    loaded.values.create(scope);
    // Stage conditions as the typed StageConditions (their rules import alarms and functions under `scope`).
    const stages = loaded.props.stages?.map((stage, i) => ({ ...stage, ...stageConditionsOf(scope, loaded.pipeline.stages[i + 1]) }));
    const kept = options.keepImportedRoleAndStore ? keptRoleAndStore(scope, id, loaded.values.resolveMarkers(loaded.spec.imported ?? {})) : {};
    const pipeline = create({ ...loaded.props, ...kept, stages, replicationBuckets: replicationBuckets(scope, id, loaded.pipeline.artifacts) });
    // What the library replaced of an imported definition (its service role, its artifact store), said once at synth.
    if (!options.keepImportedRoleAndStore) {
      for (const note of loaded.spec.notes) Annotations.of(pipeline).addInfo(`${loaded.source} ${note.path} (line ${note.line}): ${note.message}`);
    }
    return pipeline;
  } catch (error) {
    const ours = Errors.isValidationError(error) || DeliveryPipelineError.isDeliveryPipelineError(error);
    if (PipelineFileError.isPipelineFileError(error) || !ours) throw error;
    // A rule of the typed API or of aws-cdk-lib that the spec checks did not anticipate: still point into the spec.
    const code = DeliveryPipelineError.isDeliveryPipelineError(error) ? error.code : error.name;
    throw new PipelineFileError(loaded.source, [loaded.spec.problem(code, ['pipeline'], (error as Error).message.replace(/\s*\n\s*/g, ': '))]);
  }
}

/** A spec trigger as the typed API's GitTrigger (the checks above ensure its source exists). */
function gitTrigger(trigger: any, sources: SpecSource[]): GitTrigger {
  return {
    source: sources.find(s => s.actionName === trigger.sourceAction)!,
    push: trigger.push?.map((f: any) => ({
      branches: f.branches?.includes,
      branchesExcludes: f.branches?.excludes,
      tags: f.tags?.includes,
      tagsExcludes: f.tags?.excludes,
      filePaths: f.filePaths?.includes,
      filePathsExcludes: f.filePaths?.excludes,
    })),
    pullRequest: trigger.pullRequest?.map((f: any) => ({
      branches: f.branches?.includes ?? [],
      branchesExcludes: f.branches?.excludes,
      filePaths: f.filePaths?.includes,
      filePathsExcludes: f.filePaths?.excludes,
      events: f.events,
    })),
  };
}

function checkTriggers(spec: ParsedSpec, pipeline: any, problems: PipelineFileProblem[]): void {
  const sources: any[] = pipeline.stages[0]?.actions ?? [];
  const names = sources.map(a => a.name);
  (pipeline.triggers ?? []).forEach((trigger: any, i: number) => {
    const path: SpecPath = ['pipeline', 'triggers', i, 'sourceAction'];
    const action = sources.find(a => a.name === trigger.sourceAction);
    if (!action) {
      problems.push(spec.problem('UnknownTriggerSource', path,
        `trigger names source action '${trigger.sourceAction}', which is not in the first stage${didYouMean(trigger.sourceAction, names)}: use one of ${names.join(', ') || 'none'}`));
    } else if (findProvider('Source', action.provider, action.owner ?? 'AWS') !== CONNECTION_SOURCE_PROVIDER) {
      problems.push(spec.problem('TriggerNeedsConnection', path,
        `triggers start connection sources only, but '${action.name}' has provider ${action.provider}: remove the trigger`));
    }
    if ((pipeline.triggers as any[]).slice(0, i).some(t => t.sourceAction === trigger.sourceAction)) {
      problems.push(spec.problem('DuplicateTrigger', path, `source action '${trigger.sourceAction}' already has a trigger: merge the filters into one trigger`));
    }
  });
}

/** Every `PipelineFileOptions.configuration` key must name an action of the spec: a typo would otherwise be ignored. */
function checkOverrides(pipeline: any, options: PipelineFileOptions, problems: PipelineFileProblem[]): void {
  const targets: string[] = [];
  for (const stage of pipeline.stages) {
    for (const action of stage.actions) targets.push(`${action.name}`, `${stage.name}.${action.name}`);
  }
  for (const key of Object.keys(options.configuration ?? {})) {
    const target = key.split('.').slice(0, -1).join('.');
    if (!targets.includes(target)) {
      problems.push({
        code: 'UnknownOverrideTarget',
        path: `PipelineFileOptions.configuration['${key}']`,
        message: `'${target || key}' is not an action of the spec${didYouMean(target, targets)}: use 'Action.Key' or 'Stage.Action.Key'`,
      });
    }
  }
}

/** An imported definition's service role and artifact store, kept as given (PipelineFileOptions.keepImportedRoleAndStore). */
function keptRoleAndStore(scope: Construct, id: string,
  imported: { roleArn?: string; bucketName?: string; kmsKeyArn?: string }): Partial<DeliveryPipelineProps> {
  // DeliveryPipeline uses a given role as given (it imports it immutable), so a plain import will do.
  const role = imported.roleArn !== undefined ? iam.Role.fromRoleArn(scope, `${id}ImportedRole`, imported.roleArn) : undefined;
  const encryptionKey = imported.kmsKeyArn !== undefined ? kms.Key.fromKeyArn(scope, `${id}ImportedArtifactKey`, imported.kmsKeyArn) : undefined;
  const artifactBucket = imported.bucketName !== undefined
    ? s3.Bucket.fromBucketAttributes(scope, `${id}ImportedArtifactBucket`, { bucketName: imported.bucketName, encryptionKey }) : undefined;
  return { ...(role ? { role } : {}), ...(artifactBucket ? { artifactBucket } : {}) };
}

/** The file's `artifacts.replicationBuckets` (region → bucket name and optional KMS key ARN), imported under `scope`. */
function replicationBuckets(scope: Construct, id: string, artifacts: any): Record<string, s3.IBucket> | undefined {
  const given: Record<string, any> | undefined = artifacts?.replicationBuckets;
  if (!given) return undefined;
  return Object.fromEntries(Object.entries(given).map(([region, b]) => {
    const bucketId = `${id}ReplicationBucket${region.replace(/[^A-Za-z0-9]/g, '')}`;
    const encryptionKey = b.kmsKeyArn !== undefined ? kms.Key.fromKeyArn(scope, `${bucketId}Key`, b.kmsKeyArn) : undefined;
    return [region, s3.Bucket.fromBucketAttributes(scope, bucketId, { bucketName: b.bucketName, region, encryptionKey })];
  }));
}

/**
 * The action fields CodePipeline itself declares, checked against the provider: its version, and the
 * pipeline-file keys only some providers take (reported, never dropped).
 */
function checkActionFields(a: ActionContext, definition: ProviderDefinition): void {
  if (a.data.version !== undefined && !isAnyProvider(definition) && String(a.data.version) !== definition.version) {
    a.problem('InvalidValue', `${definition.title}: ${definition.owner} action types have version ${definition.version}, got '${a.data.version}': remove version or set it to ${definition.version}`, 'version');
  }
  const own = definition.fileKeys ?? [];
  for (const key of providerFileKeys()) {
    if (a.data[key] !== undefined && !own.includes(key)) {
      a.problem('KeyNotSupported', `'${key}' does not apply to ${definition.title} actions: remove it`, key);
    }
  }
  (a.data.outputArtifacts ?? []).forEach((output: any, i: number) => {
    if (output.files !== undefined && !own.includes('files')) {
      a.problem('KeyNotSupported', `outputArtifacts[${i}].files: only Commands actions choose the files of their output artifact: remove 'files'`, 'outputArtifacts');
    }
  });
}

/**
 * Pipeline-file action keys that only the providers naming them in `fileKeys` take: every provider's
 * `fileKeys`, but for CodePipeline's own action fields (`namespace`, `roleArn`, which any action takes) and
 * an output artifact's `files` (checked above).
 */
function providerFileKeys(): string[] {
  const generic = ['namespace', 'roleArn', 'files'];
  return [...new Set(providerDefinitions().flatMap(d => d.fileKeys ?? []))].filter(k => !generic.includes(k));
}

function artifactStorage(artifacts: any): DeliveryPipelineProps['artifactStorage'] {
  if (!artifacts) return undefined;
  const days = (n: number | undefined) => (n !== undefined ? Duration.days(n) : undefined);
  return {
    expireAfter: days(artifacts.expireAfterDays),
    previousVersionsExpireAfter: days(artifacts.previousVersionsExpireAfterDays),
    abortIncompleteUploadsAfter: days(artifacts.abortIncompleteUploadsAfterDays),
    serverAccessLogs: artifacts.serverAccessLogs,
    accessLogsExpireAfter: days(artifacts.accessLogsExpireAfterDays),
    removalPolicy: artifacts.removalPolicy === 'DESTROY' ? RemovalPolicy.DESTROY : artifacts.removalPolicy === 'RETAIN' ? RemovalPolicy.RETAIN : undefined,
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sortProblems(problems: PipelineFileProblem[]): PipelineFileProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
