import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CORPUS_ACCOUNT, pipelineRegion, withReplicationBuckets } from './round-trip';

/**
 * The corpus in the two other shapes teams keep pipelines in: what `aws codepipeline get-pipeline` prints
 * for it, and an `AWS::CodePipeline::Pipeline` resource of a CloudFormation template. Both are written from
 * the library-shape file (itself a faithful copy of its public source), so the three shapes declare the same
 * pipeline; `npx ts-node test/pipeline-file/other-shapes.ts` rewrites them and corpus.test.ts checks they are current.
 */
export const CORPUS = path.join(__dirname, '..', 'fixtures', 'pipelines');
export const GET_PIPELINE_DIR = path.join(CORPUS, 'get-pipeline');
export const CLOUDFORMATION_DIR = path.join(CORPUS, 'cloudformation');

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function action(a: any, pascal: boolean): any {
  const k = (name: string) => (pascal ? name.charAt(0).toUpperCase() + name.slice(1) : name);
  const artifacts = (list: any[] | undefined, files = false) => list?.map(x => defined({ [k('name')]: x.name, ...(files && x.files ? { [k('files')]: x.files } : {}) }));
  return defined({
    [k('name')]: a.name,
    [k('actionTypeId')]: { [k('category')]: a.actionType, [k('owner')]: a.owner ?? 'AWS', [k('provider')]: a.provider, [k('version')]: String(a.version ?? '1') },
    [k('runOrder')]: a.runOrder ?? 1,
    [k('configuration')]: a.configuration ? Object.fromEntries(Object.entries(a.configuration).map(([key, v]) => [key, str(v)])) : undefined,
    [k('outputArtifacts')]: artifacts(a.outputArtifacts ?? [], true),
    [k('inputArtifacts')]: artifacts(a.inputArtifacts ?? []),
    [k('roleArn')]: a.roleArn,
    [k('region')]: a.region,
    [k('namespace')]: a.namespace,
    [k('commands')]: a.commands,
    [k('outputVariables')]: a.outputVariables,
    [k('environmentVariables')]: a.environmentVariables?.map((v: any) => defined({ [k('name')]: v.name, [k('value')]: v.value, [k('type')]: v.type })),
    [k('timeoutInMinutes')]: a.timeoutInMinutes,
  });
}

/** The artifact store, or with actions in other regions the per-region stores (as CodePipeline requires then). */
function storesOf(declaration: any, region: string, pascal: boolean): Record<string, unknown> {
  const others: Record<string, { bucketName: string; kmsKeyArn: string }> =
    withReplicationBuckets(declaration, region).pipeline.artifacts?.replicationBuckets ?? {};
  const own = `codepipeline-${region}-${CORPUS_ACCOUNT}`;
  if (Object.keys(others).length === 0) {
    return pascal ? { ArtifactStore: { Type: 'S3', Location: { Ref: 'ArtifactBucket' } } } : { artifactStore: { type: 'S3', location: own } };
  }
  const all: Array<[string, string, string | undefined]> = [
    [region, own, undefined],
    ...Object.entries(others).map(([r, b]) => [r, b.bucketName, b.kmsKeyArn] as [string, string, string]),
  ];
  const store = (location: string, key: string | undefined) => defined({ Type: 'S3', Location: location, EncryptionKey: key ? { Id: key, Type: 'KMS' } : undefined });
  return pascal
    ? { ArtifactStores: all.map(([r, location, key]) => ({ Region: r, ArtifactStore: store(location, key) })) }
    : { artifactStores: Object.fromEntries(all.map(([r, location, key]) => [r, defined({ type: 'S3', location, encryptionKey: key ? { id: key, type: 'KMS' } : undefined })])) };
}

/** The `get-pipeline` output of a library-shape declaration (the service role and artifact store as AWS would show them). */
export function toGetPipeline(declaration: any, file: string): any {
  const p = declaration.pipeline;
  const region = pipelineRegion(declaration);
  return {
    pipeline: defined({
      name: p.name,
      roleArn: `arn:aws:iam::${CORPUS_ACCOUNT}:role/service-role/AWSCodePipelineServiceRole-${region}-${p.name}`,
      ...storesOf(declaration, region, false),
      stages: p.stages.map((s: any) => ({ name: s.name, actions: s.actions.map((a: any) => action(a, false)) })),
      version: 1,
      executionMode: p.executionMode ?? 'SUPERSEDED',
      pipelineType: p.pipelineType ?? 'V2', // the library shape's default
      variables: p.variables?.map((v: any) => defined({ name: v.name, defaultValue: v.defaultValue, description: v.description })),
    }),
    metadata: {
      pipelineArn: `arn:aws:codepipeline:${region}:${CORPUS_ACCOUNT}:${p.name}`,
      created: '2026-11-30T12:00:00.000000+00:00',
      updated: '2026-11-30T12:00:00.000000+00:00',
      _source: `written from ${file}`,
    },
  };
}

/** A CloudFormation template holding the declaration as an `AWS::CodePipeline::Pipeline` (role and bucket as resources of the template). */
export function toCloudFormation(declaration: any, file: string): any {
  const p = declaration.pipeline;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `The pipeline of ${file}, as a CloudFormation resource`,
    Resources: {
      Pipeline: {
        Type: 'AWS::CodePipeline::Pipeline',
        Properties: defined({
          Name: p.name,
          RoleArn: { 'Fn::GetAtt': ['PipelineRole', 'Arn'] },
          ...storesOf(declaration, pipelineRegion(declaration), true),
          PipelineType: p.pipelineType,
          ExecutionMode: p.executionMode,
          Variables: p.variables?.map((v: any) => defined({ Name: v.name, DefaultValue: v.defaultValue, Description: v.description })),
          Stages: p.stages.map((s: any) => ({ Name: s.name, Actions: s.actions.map((a: any) => action(a, true)) })),
        }),
      },
    },
  };
}

/** Every corpus file in the other two shapes: file name → text. */
export function otherShapes(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const file of fs.readdirSync(CORPUS).filter(f => f.endsWith('.yaml')).sort()) {
    const declaration = YAML.parse(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
    const base = file.replace(/\.yaml$/, '');
    out.push({ file: path.join(GET_PIPELINE_DIR, `${base}.json`), text: `${JSON.stringify(toGetPipeline(declaration, file), undefined, 2)}\n` });
    out.push({ file: path.join(CLOUDFORMATION_DIR, `${base}.yaml`), text: `# Written from ../${file} (test/pipeline-file/other-shapes.ts)\n${YAML.stringify(toCloudFormation(declaration, file))}` });
  }
  return out;
}

if (require.main === module) {
  fs.mkdirSync(GET_PIPELINE_DIR, { recursive: true });
  fs.mkdirSync(CLOUDFORMATION_DIR, { recursive: true });
  for (const { file, text } of otherShapes()) fs.writeFileSync(file, text);
}
