import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import type { PipelineArtifact } from '../../core/artifact';
import type { CodeBuildDefaults } from '../../core/codebuild-defaults';
import { fail } from '../../core/private/errors';
import { artifactName } from '../../core/private/names';
import type { IStepContext, PipelineStep } from '../../core/step';
import { StepCategory } from '../../core/step';
import { recordRead } from '../../providers/private/declared-files';

interface Produced {
  readonly artifact: codepipeline.Artifact;
  /** The action's main output (`context.output()`), not a secondary one such as `Build_Docs`. */
  readonly primary: boolean;
  /** The binding (one step in one stage) that produced it: action names repeat across stages. */
  readonly owner: StepContext;
}

/**
 * The main output of the latest action among `candidates` (in pipeline order): a step's secondary outputs
 * are read by their artifact name, never in place of its main output.
 */
function latest(candidates: Produced[]): Produced | undefined {
  const last = candidates[candidates.length - 1];
  if (!last) return undefined;
  const ofStep = candidates.filter(p => p.owner === last.owner);
  return ofStep.find(p => p.primary) ?? ofStep[0];
}

/** What every step of one pipeline shares: the artifacts produced so far, and the pipeline's resources. */
export interface PipelineShared {
  readonly pipeline: codepipeline.IPipeline;
  readonly pipelineType: codepipeline.PipelineType;
  readonly artifactBucket: s3.IBucket;
  readonly pipelineRole: iam.IRole;
  readonly notificationTopic: sns.ITopic;
  /** The approval topic, created on first use. */
  readonly approvalTopic: () => sns.ITopic;
  readonly encryptionKey: kms.IKey;
  readonly codeBuildDefaults: CodeBuildDefaults;
  readonly projects: codebuild.IProject[];
}

/**
 * The artifacts produced so far, in pipeline order. Because steps are bound in order, a step can only
 * resolve what an earlier step produced: "produced before consumed" holds by construction.
 */
export class ArtifactRegistry {
  private readonly produced: Produced[] = [];
  private readonly names = new Set<string>();

  public add(produced: Produced): void {
    this.produced.push(produced);
    this.names.add(produced.artifact.artifactName!);
  }

  public uniqueName(base: string, stageName: string): string {
    let name = artifactName(base);
    if (this.names.has(name)) name = artifactName(`${stageName}_${base}`);
    for (let i = 2; this.names.has(name); i++) name = artifactName(`${base}_${i}`);
    return name;
  }

  public resolve(ref: PipelineArtifact, consumer: IConstruct): codepipeline.Artifact {
    let found: Produced | undefined;
    switch (ref.kind) {
      case 'source':
        found = this.produced.find(p => p.owner.category === StepCategory.SOURCE);
        break;
      case 'build':
        found = latest(this.produced.filter(p => p.owner.category === StepCategory.BUILD));
        if (!found) {
          fail(consumer, 'NoBuildOutput',
            'this step needs the build output, but no build step before it produces one: ' +
            "add 'buildStep: Build.codeBuild({ commands: [...] })' to the pipeline, or set this step's 'input' to PipelineArtifact.SOURCE_OUTPUT");
        }
        break;
      case 'output':
        found = this.produced.filter(p => p.owner.stageName === ref._stageName && p.owner.actionName === ref.name)[ref._index ?? 0];
        if (!found) {
          fail(consumer, 'UnknownArtifact', `this step reads ${ref.toString()}, but that action produces no such output before this step: read an output an earlier action declares`);
        }
        break;
      default:
        found = this.produced.find(p => p.artifact.artifactName === ref.name)
          ?? latest(this.produced.filter(p => p.owner.actionName === ref.name));
        if (!found) {
          const known = [...new Set(this.produced.map(p => `'${p.owner.actionName}'`))].join(', ') || 'none';
          fail(consumer, 'UnknownArtifact',
            `this step reads the output of '${ref.name}', but no earlier step is called that (earlier steps with outputs: ${known}): ` +
            'name a step that runs before this one');
        }
    }
    if (!found) {
      fail(consumer, 'NoSourceOutput', 'this step needs the source output, but the pipeline has no source: give the pipeline a source');
    }
    return found.artifact;
  }
}

/** The context handed to one step. */
export class StepContext implements IStepContext {
  public readonly pipeline: codepipeline.IPipeline;
  public readonly pipelineType: codepipeline.PipelineType;
  public readonly artifactBucket: s3.IBucket;
  public readonly pipelineRole: iam.IRole;
  public readonly notificationTopic: sns.ITopic;
  public readonly encryptionKey: kms.IKey;
  public readonly codeBuildDefaults: CodeBuildDefaults;
  /** The projects this step registered, in order. */
  public readonly projects: codebuild.IProject[] = [];

  constructor(
    private readonly shared: PipelineShared,
    private readonly registry: ArtifactRegistry,
    private readonly step: PipelineStep,
    private readonly scope: IConstruct,
    public readonly stageName: string,
    public readonly actionName: string,
    public readonly runOrder: number,
  ) {
    this.pipeline = shared.pipeline;
    this.pipelineType = shared.pipelineType;
    this.artifactBucket = shared.artifactBucket;
    this.pipelineRole = shared.pipelineRole;
    this.notificationTopic = shared.notificationTopic;
    this.encryptionKey = shared.encryptionKey;
    this.codeBuildDefaults = shared.codeBuildDefaults;
  }

  /** The approval topic (created the first time a step reads it). */
  public get approvalTopic(): sns.ITopic {
    return this.shared.approvalTopic();
  }

  /** The category of the step bound in this context. */
  public get category(): StepCategory {
    return this.step.category;
  }

  public artifact(ref: PipelineArtifact): codepipeline.Artifact {
    const artifact = this.registry.resolve(ref, this.scope);
    recordRead(artifact, this.scope);
    return artifact;
  }

  public output(suffix?: string): codepipeline.Artifact {
    const base = suffix ? `${this.actionName}_${suffix}` : `${this.actionName}_Output`;
    const artifact = new codepipeline.Artifact(this.registry.uniqueName(base, this.stageName));
    this.registry.add({ artifact, primary: suffix === undefined, owner: this });
    return artifact;
  }

  public registerProject(project: codebuild.IProject): void {
    if (!this.projects.includes(project)) this.projects.push(project);
    // A project several actions share is alarmed on once.
    if (!this.shared.projects.includes(project)) this.shared.projects.push(project);
  }
}
