import { Duration, Lazy, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkArtifactBounds } from './action-checks';
import { stageActionRole } from './action-role';
import { cloneOutputConnection } from './clone-outputs';
import { declareFiles, filesRead } from './declared-files';
import { fail, show } from './errors';
import { ManagedPolicyRole } from './managed-policy-role';
import { rejectPlaintextSecrets } from './secrets';
import { CodeBuildStepOptions } from '../builds/codebuild-options';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';

/** A CodeBuild test report, as the step options describe it. */
export interface CodeBuildReport {
  readonly name: string;
  readonly files: string[];
  readonly format: string;
  readonly baseDirectory?: string;
}

/**
 * Everything a CodeBuild-backed step (build or test) can set: the public `CodeBuildStepOptions`
 * (less the step's own action name and run order) and what `Build.codeBuild` / `Test.codeBuild` add.
 */
export interface CodeBuildStepConfig extends Omit<CodeBuildStepOptions, keyof StepOptions> {
  /** Whether the step produces an output artifact. */
  readonly produceOutput: boolean;
  readonly outputDirectory?: string;
  readonly outputFiles?: string[];
  readonly reports?: CodeBuildReport[];
  readonly type: actions.CodeBuildActionType;
  /** Further outputs (CodeBuild secondary artifacts), each with its own files. */
  readonly secondaryOutputs?: CodeBuildOutputConfig[];
  /** Run a batch build (the build spec's `batch` section). */
  readonly batchBuild?: boolean;
  /** In a batch build, combine the builds' artifacts into one output. */
  readonly combineBatchArtifacts?: boolean;
}

/** A secondary output of a CodeBuild step. */
export interface CodeBuildOutputConfig {
  readonly name: string;
  readonly directory?: string;
  readonly files?: string[];
}

const MAX_CODEBUILD_INPUTS = 5;
const MAX_CODEBUILD_OUTPUTS = 5;

/** The project a CodeBuild step created, with its action. */
export interface CodeBuildStepResult extends StepBinding {
  readonly project: codebuild.PipelineProject;
}

/**
 * Creates the CodeBuild project and CodePipeline action of a build or test step.
 */
export function bindCodeBuildStep(scope: Construct, context: IStepContext, config: CodeBuildStepConfig): CodeBuildStepResult {
  validateCommands(scope, config);
  rejectPlaintextSecrets(scope, 'environment', config.environment);

  const defaults = context.codeBuildDefaults;
  const input = context.artifact(config.input ?? PipelineArtifact.SOURCE_OUTPUT);
  const extraInputs = (config.extraInputs ?? []).map(ref => context.artifact(ref));
  const secondary = config.secondaryOutputs ?? [];
  checkArtifactBounds(scope, context, 'CodeBuild',
    { minInputs: 1, maxInputs: MAX_CODEBUILD_INPUTS, minOutputs: 0, maxOutputs: MAX_CODEBUILD_OUTPUTS },
    1 + extraInputs.length, (config.produceOutput ? 1 : 0) + secondary.length);
  if (config.batchBuild && !config.buildSpec) {
    fail(scope, 'BatchBuildNeedsBuildSpec',
      "'batchBuild' runs the build spec's 'batch' section, but no 'buildSpec' was given: pass a buildSpec with a 'batch' section (build-list, build-matrix or build-graph)");
  }
  const outputs = config.produceOutput ? [context.output()] : [];
  const secondaryArtifacts = secondary.map(o => ({ config: o, artifact: context.output(o.name) }));
  outputs.push(...secondaryArtifacts.map(o => o.artifact));
  if (config.produceOutput && !config.buildSpec && (config.outputFiles || config.outputDirectory)) {
    // The generated build spec's artifact section is the output's whole content.
    declareFiles(outputs[0], `'${context.actionName}' (stage '${context.stageName}')`, config.outputFiles ?? ['**/*'],
      "add the file to that build's 'outputFiles' (paths relative to its 'outputDirectory')");
  }

  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: defaults.logRetention ?? logs.RetentionDays.THREE_MONTHS,
  });
  // Set on the L1: the L2's `encryptionKey` grants CloudWatch Logs action patterns on the key, while the
  // pipeline key's policy already admits CloudWatch Logs with exact actions.
  (logGroup.node.defaultChild as logs.CfnLogGroup).kmsKeyId = context.encryptionKey.keyArn;

  const environmentVariables: Record<string, codebuild.BuildEnvironmentVariable> = {};
  for (const [name, value] of Object.entries(config.environment ?? {})) {
    environmentVariables[name] = { value, type: codebuild.BuildEnvironmentVariableType.PLAINTEXT };
  }
  for (const [name, secret] of Object.entries(config.secrets ?? {})) {
    if (name in environmentVariables) {
      fail(scope, 'DuplicateVariable', `'${name}' is given both in 'environment' and in 'secrets'; keep it in 'secrets' only`);
    }
    environmentVariables[name] = { value: secret.secretArn, type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER };
  }

  const project = new codebuild.PipelineProject(scope, 'Project', {
    // Its permissions fill managed policies, never an inline one.
    role: new ManagedPolicyRole(scope, 'ProjectRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') }),
    buildSpec: config.buildSpec ?? renderBuildSpec(config, outputs[0],
      secondaryArtifacts.map(o => ({ ...o.config, name: o.artifact.artifactName! }))),
    environment: {
      buildImage: config.buildImage ?? defaults.buildImage ?? codebuild.LinuxBuildImage.STANDARD_7_0,
      computeType: config.computeType ?? defaults.computeType ?? codebuild.ComputeType.SMALL,
      privileged: config.privileged ?? false,
    },
    environmentVariables,
    timeout: config.timeout ?? defaults.timeout ?? Duration.minutes(60),
    cache: config.cache,
    // A customer managed key on the artifact bucket also encrypts build output and caches (the key
    // patterns aws-cdk-lib grants for it are written out as exact actions by the project's role).
    encryptionKey: context.artifactBucket.encryptionKey,
    vpc: config.vpc ?? defaults.vpc,
    subnetSelection: config.vpc ? config.subnetSelection : defaults.vpc ? defaults.subnetSelection : undefined,
    securityGroups: config.vpc ? config.securityGroups : defaults.vpc ? defaults.securityGroups : undefined,
    logging: { cloudWatch: { logGroup } },
  });
  // The project already may read exactly these secrets (aws-cdk-lib grants secretsmanager:GetSecretValue
  // on each SECRETS_MANAGER variable); a secret under a customer managed key also needs kms:Decrypt.
  for (const secret of Object.values(config.secrets ?? {})) {
    secret.encryptionKey?.grantDecrypt(project);
  }
  context.registerProject(project);
  if (config.batchBuild) {
    project.enableBatchBuilds();
  }
  // A full clone of a connection source is fetched by CodeBuild itself, through the connection; the
  // service accepts either prefix of its renamed API, so both are granted, on that connection only.
  const connections = new Set([input, ...extraInputs].map(a => cloneOutputConnection(a)).filter((arn): arn is string => arn !== undefined));
  for (const connectionArn of connections) {
    project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['codestar-connections:UseConnection', 'codeconnections:UseConnection'],
      resources: [connectionArn],
    }));
  }

  const action = new actions.CodeBuildAction({
    actionName: context.actionName,
    runOrder: context.runOrder,
    project,
    input,
    extraInputs: extraInputs.length > 0 ? extraInputs : undefined,
    outputs,
    type: config.type,
    variablesNamespace: config.variablesNamespace,
    executeBatchBuild: config.batchBuild ? true : undefined,
    combineBatchBuildArtifacts: config.batchBuild && config.combineBatchArtifacts ? true : undefined,
    // aws-cdk-lib's grants for this action are exact (codebuild:StartBuild/BatchGetBuilds/StopBuild on the
    // project); the CodeBuild actions of a stage share one role holding those grants for the stage's projects.
    role: stageActionRole(scope, context, 'CodeBuild'),
  });
  return { actions: [action], project };
}

function validateCommands(scope: Construct, config: CodeBuildStepConfig): void {
  if (config.buildSpec && (config.commands || config.installCommands)) {
    fail(scope, 'CommandsAndBuildSpec', "give either 'commands' or 'buildSpec', not both: put the commands in the build spec's phases instead");
  }
  if (!config.buildSpec && !config.commands) {
    fail(scope, 'NoCommands', "no 'commands' and no 'buildSpec' were given: pass 'commands: [\"npm ci\", \"npm test\"]' or a 'buildSpec'");
  }
  for (const [prop, list] of [['commands', config.commands], ['installCommands', config.installCommands]] as const) {
    if (list === undefined) continue;
    if (list.length === 0 && prop === 'commands') {
      fail(scope, 'EmptyCommands', "'commands' is an empty list: give at least one shell command, e.g. ['npm ci', 'npm run build']");
    }
    list.forEach((command, i) => {
      if (!Token.isUnresolved(command) && command.trim() === '') {
        fail(scope, 'EmptyCommand', `${prop}[${i}] is ${show(command)}: remove it or give a shell command`);
      }
    });
  }
}

function renderBuildSpec(config: CodeBuildStepConfig, primary: codepipeline.Artifact | undefined,
  secondary: CodeBuildOutputConfig[]): codebuild.BuildSpec {
  const primaryName = primary?.artifactName;
  // Without 'outputFiles' or 'outputDirectory', the build output holds what the later steps read (the
  // image definitions file, the templates, ...), not the whole workspace; when a step reads the whole
  // artifact (an S3 deploy, a custom action), everything.
  const primaryFiles = config.outputFiles ?? (config.outputDirectory || !primary ? undefined
    : Lazy.list({ produce: () => filesRead(primary) ?? ['**/*'] }));
  const spec: Record<string, any> = {
    version: '0.2',
    phases: {
      ...(config.installCommands && config.installCommands.length > 0 ? { install: { commands: config.installCommands } } : {}),
      build: { commands: config.commands },
    },
  };
  if (config.exportedVariables && config.exportedVariables.length > 0) {
    spec.env = { 'exported-variables': config.exportedVariables };
  }
  const artifactSpec = (files: string[] | undefined, directory: string | undefined) => ({
    files: files ?? ['**/*'],
    ...(directory ? { 'base-directory': directory } : {}),
  });
  if (config.produceOutput) {
    spec.artifacts = artifactSpec(primaryFiles, config.outputDirectory);
  }
  if (secondary.length > 0) {
    // With several outputs, CodePipeline matches each output to the secondary artifact of the same name.
    const named: Record<string, unknown> = {};
    if (config.produceOutput && primaryName) named[primaryName] = artifactSpec(primaryFiles, config.outputDirectory);
    for (const o of secondary) named[o.name] = artifactSpec(o.files, o.directory);
    spec.artifacts = { ...(spec.artifacts ?? artifactSpec(secondary[0].files, secondary[0].directory)), 'secondary-artifacts': named };
  }
  if (config.reports && config.reports.length > 0) {
    spec.reports = Object.fromEntries(config.reports.map(r => [r.name, {
      'files': r.files,
      'file-format': r.format,
      ...(r.baseDirectory ? { 'base-directory': r.baseDirectory } : {}),
    }]));
  }
  if (config.cache) {
    // Local caches need no paths; S3 caches cache what the build spec lists. Cache the usual package caches.
    spec.cache = { paths: ['/root/.npm/**/*', '/root/.cache/**/*', '/root/.m2/**/*', '/root/.gradle/caches/**/*'] };
  }
  return codebuild.BuildSpec.fromObject(spec);
}
