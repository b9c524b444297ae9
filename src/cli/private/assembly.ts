import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from './errors';

/** The metadata type the construct library attaches to every DeliveryPipeline. */
export const PIPELINE_METADATA_TYPE = 'cdk-delivery-pipeline:pipeline';

/** A DeliveryPipeline found in a synthesized cloud assembly. */
export interface AssemblyPipeline {
  readonly pipelineName: string;
  readonly stackName?: string;
  readonly constructPath?: string;
  /** The region of the stack's environment, when it is concrete. */
  readonly region?: string;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly properties?: { readonly directoryName?: string };
  readonly metadata?: ArtifactMetadata;
  /** Newer aws-cdk-lib versions write a stack's metadata to this file beside the manifest instead. */
  readonly additionalMetadataFile?: string;
}

type ArtifactMetadata = Record<string, ReadonlyArray<{ readonly type?: string; readonly data?: unknown }>>;

interface Manifest {
  readonly artifacts?: Record<string, ManifestArtifact>;
}

/**
 * The cloud assembly directory for a CDK app directory: the directory itself when it
 * holds a manifest.json, else cdk.json's "output" (default "cdk.out") inside it.
 */
export function assemblyDirectory(appDir: string): string {
  if (fs.existsSync(path.join(appDir, 'manifest.json'))) {
    return appDir;
  }
  return path.join(appDir, cdkOutputSetting(appDir) ?? 'cdk.out');
}

/** Every DeliveryPipeline recorded in the assembly (nested stage assemblies included). */
export function findAssemblyPipelines(assemblyDir: string): AssemblyPipeline[] {
  const found = new Map<string, AssemblyPipeline>();
  collect(assemblyDir, found, new Set());
  return [...found.values()];
}

/**
 * The pipeline to operate on: the explicit name, else the single DeliveryPipeline
 * in the app's synthesized cloud assembly. An explicit name that the assembly defines keeps its
 * stack's region (and stack and construct path); any other name is used as given.
 */
export function resolvePipeline(explicitName: string | undefined, appDir: string): AssemblyPipeline {
  if (explicitName !== undefined) {
    if (explicitName.trim() === '') {
      throw new UsageError('the pipeline name must not be empty');
    }
    return namedInAssembly(explicitName, appDir) ?? { pipelineName: explicitName };
  }
  const assemblyDir = assemblyDirectory(appDir);
  const pipelines = findAssemblyPipelines(assemblyDir);
  if (pipelines.length === 1) {
    return pipelines[0];
  }
  if (pipelines.length === 0) {
    const where = fs.existsSync(path.join(assemblyDir, 'manifest.json'))
      ? `no DeliveryPipeline in ${path.join(assemblyDir, 'manifest.json')}`
      : `no synthesized CDK app at ${assemblyDir}`;
    throw new UsageError(`no pipeline name given and ${where}: pass a pipeline name, or run \`cdk synth\` first`);
  }
  const names = pipelines.map((p) => `${p.pipelineName}${p.constructPath ? ` (${p.constructPath})` : ''}`);
  throw new UsageError(`the CDK app defines ${pipelines.length} pipelines, pass one of them as argument: ${names.join(', ')}`);
}

/** The assembly's pipeline of that name; an app without a (readable) assembly has none. */
function namedInAssembly(pipelineName: string, appDir: string): AssemblyPipeline | undefined {
  try {
    return findAssemblyPipelines(assemblyDirectory(appDir)).find(p => p.pipelineName === pipelineName);
  } catch {
    return undefined; // the name was given: a corrupt cdk.out is no reason to refuse it
  }
}

function collect(assemblyDir: string, found: Map<string, AssemblyPipeline>, visited: Set<string>): void {
  const resolved = path.resolve(assemblyDir);
  if (visited.has(resolved)) {
    return;
  }
  visited.add(resolved);
  const manifest = readJson<Manifest>(path.join(resolved, 'manifest.json'));
  for (const artifact of Object.values(manifest?.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collect(path.join(resolved, artifact.properties.directoryName), found, visited);
    }
    const external = artifact.additionalMetadataFile
      ? readJson<ArtifactMetadata>(path.join(resolved, artifact.additionalMetadataFile))
      : undefined;
    for (const entries of [...Object.values(artifact.metadata ?? {}), ...Object.values(external ?? {})]) {
      for (const entry of entries) {
        const pipeline = entry.type === PIPELINE_METADATA_TYPE ? toPipeline(entry.data, artifact.environment) : undefined;
        if (pipeline && !found.has(pipeline.pipelineName)) {
          found.set(pipeline.pipelineName, pipeline);
        }
      }
    }
  }
}

function toPipeline(data: unknown, environment: string | undefined): AssemblyPipeline | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const record = data as Record<string, unknown>;
  const pipelineName = record.pipelineName;
  if (typeof pipelineName !== 'string' || pipelineName === '' || pipelineName.includes('${Token[')) {
    return undefined;
  }
  const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(environment ?? '')?.[1];
  return {
    pipelineName,
    stackName: typeof record.stackName === 'string' ? record.stackName : undefined,
    constructPath: typeof record.constructPath === 'string' ? record.constructPath : undefined,
    region: region && region !== 'unknown-region' ? region : undefined,
  };
}

function cdkOutputSetting(appDir: string): string | undefined {
  const output = readJson<{ output?: unknown }>(path.join(appDir, 'cdk.json'))?.output;
  return typeof output === 'string' && output !== '' ? output : undefined;
}

function readJson<T>(file: string): T | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UsageError(`${file} is not valid JSON: run \`cdk synth\` again`);
  }
}
