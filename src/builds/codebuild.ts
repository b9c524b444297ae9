import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { Build } from './build';
import { CodeBuildStepOptions } from './codebuild-options';
import { didYouMean } from '../core/private/suggest';
import { IStepContext, StepBinding } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { actionVariables, CODEBUILD_KEYS, flag, importParameters, importSecrets, nonEmpty, stringMap } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';
import { StepBinder } from '../providers/provider-action';
import { Test } from '../tests/test';

/** Options for `Build.codeBuild`. */
export interface CodeBuildBuildOptions extends CodeBuildStepOptions {
  /**
   * The folder whose files become the build output (what deploys receive).
   *
   * @default - the working directory, holding only the files the later steps read (see `outputFiles`)
   */
  readonly outputDirectory?: string;

  /**
   * Glob patterns of the files, under `outputDirectory`, that become the build output. Deploys that
   * read a file outside them are a synth error.
   *
   * @default - with `outputDirectory`, ['**\/*'] under it; without, exactly the files the later steps
   * read (`imagedefinitions.json` for `Deploy.ecs`, the template for `Deploy.cloudFormation`, the cloud
   * assembly for `Deploy.cdkStage`, ...), and the whole working directory only when a later step reads
   * the whole artifact (e.g. `Deploy.s3`)
   */
  readonly outputFiles?: string[];

  /**
   * Whether the build has the build output (the artifact deploys receive by default). Without it, the
   * build's outputs are its `additionalOutputs` only, or none (a build run for its effect, e.g. a
   * Terraform apply or a batch build without artifacts).
   *
   * @default true
   */
  readonly buildOutput?: boolean;
}

/** The CodeBuild action's "Service role permissions" section. */
const CODEBUILD_ACTION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html#edit-role-codebuild';

/** What the IAM of a CodeBuild action's role reads: the project the action starts and watches. */
export interface CodeBuildActionTargets {
  /** The project's ARN as aws-cdk-lib's `CodeBuildAction` grants it (`project.projectArn`). */
  readonly projectArn: string;
  /** The project's ARN built from its name, which the calls are made on. */
  readonly projectCallArn: string;
  /** A project of another stage or account. */
  readonly otherProjectArn: string;
  /** The action runs a batch build (`BatchEnabled`). */
  readonly batchBuild: boolean;
}

/**
 * The IAM of a CodeBuild action's role: the stage's CodeBuild action role, which all CodeBuild actions of
 * a stage share, may start, watch and stop exactly the stage's builds (the statements aws-cdk-lib's
 * `CodeBuildAction` grants, written here). The project's own service role is CodeBuild's: it reads and
 * writes the artifacts, so this role has no artifact access.
 */
export const CODEBUILD_ACTION_IAM: ProviderIam<CodeBuildActionTargets> = {
  documentation: CODEBUILD_ACTION_DOC,
  artifacts: ArtifactAccess.NONE,
  statements: [
    {
      actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
      when: t => !t.batchBuild,
      resources: t => [t.projectArn],
      calls: t => [{ resource: t.projectCallArn, actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'] }],
    },
    {
      actions: ['codebuild:BatchGetBuildBatches', 'codebuild:StartBuildBatch', 'codebuild:StopBuildBatch'],
      when: t => t.batchBuild,
      resources: t => [t.projectArn],
      calls: t => [{ resource: t.projectCallArn, actions: ['codebuild:BatchGetBuildBatches', 'codebuild:StartBuildBatch'] }],
    },
  ],
  denied: t => [
    { action: 'codebuild:StartBuild', resource: t.otherProjectArn, reason: "another stage's or account's project" },
    { action: 'codebuild:UpdateProject', resource: t.projectCallArn, reason: 'the action runs the project, never changes it' },
  ],
};

/**
 * A CodeBuild build: a `StepBinder`, not a `ProviderAction`, because it binds through `bindCodeBuildStep`
 * (a project and its service role besides the action, and an action role the stage's CodeBuild actions
 * share, given `CODEBUILD_ACTION_IAM` there).
 */
export class CodeBuildBuild implements StepBinder {
  public readonly defaultActionName = 'Build';

  constructor(public readonly options: CodeBuildBuildOptions) {}

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return bindCodeBuildStep(scope, context, {
      ...this.options,
      produceOutput: this.options.buildOutput ?? true,
      type: actions.CodeBuildActionType.BUILD,
    });
  }
}

/** The inputs, primary first (`PrimarySource` names the primary one). */
function orderedInputs(a: ActionContext): string[] {
  const inputs = a.inputs;
  const primary = a.config.PrimarySource;
  if (primary === undefined) return inputs;
  if (!inputs.includes(primary)) {
    a.configProblem('InvalidConfiguration', `PrimarySource '${primary}' is not one of the action's inputArtifacts (${inputs.join(', ') || 'none'})${didYouMean(primary, inputs)}`, 'PrimarySource');
    return inputs;
  }
  return [primary, ...inputs.filter(i => i !== primary)];
}

/**
 * A CodeBuild build or test of a file: the project `ProjectName` names (imported, used as it is), or one the
 * library creates from the file's `commands`/`buildspec` (its keys in `fileKeys`). Every declared input and
 * output is built: a build's first output is its build output, further ones (and a test's) are
 * `additionalOutputs`.
 */
function fromFile(a: ActionContext): StepFactory | undefined {
  const test = a.data.actionType === 'Test';
  const inputs = orderedInputs(a);
  const variables = actionVariables(a);
  const projectName = a.config.ProjectName;
  if (projectName !== undefined) {
    for (const key of CODEBUILD_KEYS) {
      if (a.data[key] !== undefined) {
        a.problem('ProjectSettingsWithProject', `'${key}' configures a project the library creates, but 'ProjectName' names an existing one: remove one of them`, key);
      }
    }
  } else if (a.data.commands !== undefined && a.data.buildspec !== undefined) {
    a.problem('CommandsAndBuildSpec', "give 'commands' or 'buildspec', not both", 'buildspec');
  }
  const [input, ...extraInputs] = inputs.map(i => a.inputRef(i));
  const outputs = a.outputs;
  const buildOutput = !test && outputs.length > 0;
  const additionalOutputs = outputs.slice(buildOutput ? 1 : 0).map((_, i) => ({ name: `Output${i + (buildOutput ? 2 : 1)}` }));
  const created = projectName === undefined;
  const secretNames: Record<string, string> | undefined = a.data.secrets;
  // Build.codeBuild and Test.codeBuild at call time (build.ts and test.ts import this module).
  return scope => {
    const options = {
      actionName: a.name,
      runOrder: a.data.runOrder,
      project: created ? undefined : codebuild.Project.fromProjectName(scope, 'Project', projectName),
      input,
      extraInputs,
      additionalOutputs: additionalOutputs.length > 0 ? additionalOutputs : undefined,
      batchBuild: flag(a, 'BatchEnabled'),
      combineBatchArtifacts: flag(a, 'CombineArtifacts'),
      buildSpecOverride: a.config.BuildspecOverride,
      actionEnvironment: nonEmpty(variables?.plaintext),
      actionSecrets: nonEmpty(importSecrets(scope, variables?.secrets, 'ActionSecret')),
      actionSecretJsonKeys: nonEmpty(variables?.secretKeys),
      actionParameters: nonEmpty(importParameters(scope, variables?.parameters)),
      notSecrets: a.data.notSecrets,
      ...(created ? {
        commands: a.data.commands,
        installCommands: a.data.installCommands,
        buildSpec: a.data.commands ? undefined : codebuild.BuildSpec.fromSourceFilename(a.data.buildspec ?? 'buildspec.yml'),
        environment: stringMap(a.data.variables),
        secrets: importSecrets(scope, secretNames),
        computeType: a.data.computeType ? codebuild.ComputeType[a.data.computeType as keyof typeof codebuild.ComputeType] : undefined,
        privileged: a.data.privileged,
      } : {}),
    };
    return test ? Test.codeBuild(options) : Build.codeBuild({ ...options, buildOutput });
  };
}

/** The CodeBuild build and test provider (action reference: CodeBuild). */
export const CODEBUILD_PROVIDER: ProviderDefinition = {
  title: 'AWS CodeBuild',
  category: 'Build',
  otherCategories: ['Test'],
  owner: 'AWS',
  provider: 'CodeBuild',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html',
  factory: 'Build.codeBuild, Test.codeBuild',
  iam: [CODEBUILD_ACTION_IAM],
  bounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
  keys: [
    { name: 'ProjectName', kind: KeyKind.STRING, option: 'project', description: "The CodeBuild project to run. CodePipeline requires it; without it the library creates the project from the file's commands or buildspec and writes its name.", example: 'shop-build' },
    { name: 'PrimarySource', kind: KeyKind.STRING, option: 'input', description: 'The input artifact whose folder holds the build spec and is the working directory (required with several inputs; the library writes it then).', example: 'SourceOutput' },
    { name: 'BatchEnabled', kind: KeyKind.BOOLEAN, option: 'batchBuild', description: "Run a batch build from the build spec's batch section.", example: 'true' },
    { name: 'CombineArtifacts', kind: KeyKind.BOOLEAN, option: 'combineBatchArtifacts', description: "In a batch build, combine the builds' artifacts into one output artifact.", example: 'true' },
    { name: 'BuildspecOverride', kind: KeyKind.STRING, option: 'buildSpecOverride', description: "An inline build spec or a build spec file that overrides the project's for this action.", example: 'buildspec-release.yml' },
    { name: 'EnvironmentVariables', kind: KeyKind.JSON, option: 'actionEnvironment, actionSecrets, actionParameters', description: 'The action\'s environment variables: a JSON array of { name, value, type } with type PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER.', example: '[{"name":"STAGE","value":"prod","type":"PLAINTEXT"}]' },
  ],
  // The keys of a project the library creates (with ProjectName, the project is used as it is).
  fileKeys: [...CODEBUILD_KEYS],
  samples: [{ keys: ['ProjectName'] }, { keys: ['ProjectName', 'BatchEnabled', 'CombineArtifacts'] }, { keys: ['ProjectName', 'EnvironmentVariables'] }, { keys: ['ProjectName'], values: { PrimarySource: '{input}' }, inputs: 2 }],
  fromFile,
};
