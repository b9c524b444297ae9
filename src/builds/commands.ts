import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Build } from './build';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { checkNotSecrets, rejectPlaintextSecrets } from '../core/private/secrets';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { ActionVariables, importSecrets, nonEmpty, stringMap, variableEntries } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { checkArtifactBounds, requireV2 } from '../providers/private/action-checks';
import { declareActionEnvironment } from '../providers/private/action-environment';
import { cloneOutputConnection } from '../providers/private/clone-outputs';
import { secretArnOf } from '../providers/private/codebuild-step';
import { deniedConnectionCalls, useConnectionStatements } from '../providers/private/connection-permissions';
import { GenericAction } from '../providers/private/generic-action';
import { deniedPipelineLogCalls, PipelineLogTargets, pipelineLogStatements, pipelineLogTargets } from '../providers/private/pipeline-logs';
import { checkSecretJsonKeys, secretVariableValue } from '../providers/private/secret-json-keys';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/**
 * The operating system of the CodePipeline-managed compute that runs a Commands action.
 *
 * Values and defaults as in the CodePipeline Commands action reference ("Configuration parameters":
 * `EnvironmentType`, `ComputeType`; Windows is not compatible with `BUILD_GENERAL1_SMALL`).
 */
export enum CommandsEnvironmentType {
  /** Linux container. */
  LINUX_CONTAINER = 'LINUX_CONTAINER',
  /** Windows Server 2022 container (needs `CommandsComputeType.MEDIUM` or larger). */
  WINDOWS_SERVER_2022_CONTAINER = 'WINDOWS_SERVER_2022_CONTAINER',
}

/** The CodeBuild compute size that runs a Commands action (the subset CodePipeline supports). */
export enum CommandsComputeType {
  /** `BUILD_GENERAL1_SMALL` (Linux only). */
  SMALL = 'BUILD_GENERAL1_SMALL',
  /** `BUILD_GENERAL1_MEDIUM`. */
  MEDIUM = 'BUILD_GENERAL1_MEDIUM',
  /** `BUILD_GENERAL1_LARGE`. */
  LARGE = 'BUILD_GENERAL1_LARGE',
}

/** Options for `Build.commands`. */
export interface CommandsOptions extends StepOptions {
  /** Single-line shell commands (1 to 50, each at most 1000 characters), run in CodePipeline-managed compute. */
  readonly commands: string[];

  /**
   * The primary input; its files are the working directory.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * Up to 9 more inputs.
   *
   * @default - none
   */
  readonly extraInputs?: PipelineArtifact[];

  /**
   * Files (1 to 10 paths or globs) that become the action's output artifact.
   *
   * @default - no output artifact
   */
  readonly outputFiles?: string[];

  /**
   * Environment variables (1 to 15) that later actions may read as `#{namespace.NAME}`.
   *
   * @default - none
   */
  readonly outputVariables?: string[];

  /**
   * Plaintext environment variables. Values that look like secrets are rejected at synth: use `secrets`.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Environment variables read from AWS Secrets Manager when the action runs; the action's role may
   * read exactly these secrets.
   *
   * @default - none
   */
  readonly secrets?: Record<string, secretsmanager.ISecret>;

  /**
   * For a `secrets` variable, the JSON key of the secret's value it reads (the variable's value is then
   * `<secret>:<key>`, as CodePipeline's `SECRETS_MANAGER` environment variables take it), e.g.
   * `{ BEDROCK_TOKEN: 'bedrockToken' }`.
   *
   * @default - each secret's whole value
   */
  readonly secretJsonKeys?: Record<string, string>;

  /**
   * Names of `environment` variables that are not secrets although their name sounds like one (e.g.
   * `SECRET_ID: 'shop/npm-token'`, a secret's name): the plaintext-secret check skips their names. A value
   * in a credential format (an AWS access key, a GitHub token, ...) is rejected all the same.
   *
   * @default - every variable is checked
   */
  readonly notSecrets?: string[];

  /**
   * The operating system of the compute that runs the commands (configuration key `EnvironmentType`).
   *
   * @default CommandsEnvironmentType.LINUX_CONTAINER (CodePipeline's default)
   */
  readonly environmentType?: CommandsEnvironmentType;

  /**
   * The compute size (configuration key `ComputeType`). Windows needs `MEDIUM` or `LARGE`.
   *
   * @default CommandsComputeType.SMALL (CodePipeline's default)
   */
  readonly computeType?: CommandsComputeType;

  /**
   * The action's category: CodePipeline takes Commands actions in `Compute` and in `Build`.
   *
   * @default codepipeline.ActionCategory.COMPUTE
   */
  readonly actionCategory?: codepipeline.ActionCategory;

  /**
   * A namespace for `outputVariables`.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;
}

/**
 * Whether a Commands action would fail when it runs: CodePipeline accepts Windows on the SMALL size
 * (its default) and fails the action only then. Shared with the spec loader.
 */
export function windowsOnSmallCompute(environmentType?: CommandsEnvironmentType, computeType?: CommandsComputeType): boolean {
  const windows = environmentType === CommandsEnvironmentType.WINDOWS_SERVER_2022_CONTAINER;
  return windows && (computeType ?? CommandsComputeType.SMALL) === CommandsComputeType.SMALL;
}

const ENV_NAME = /^[A-Za-z0-9_]{1,128}$/;

/** The Commands action's reference page: its service role policy lists the log group and secret calls. */
const COMMANDS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html#action-reference-Commands-policy';

/** What the Commands action's IAM and action read, resolved from its options. */
interface CommandsTargets {
  readonly inputs: codepipeline.Artifact[];
  /** The output artifact with its files, when `outputFiles` is given. */
  readonly outputs: codepipeline.Artifact[];
  /** The secrets the commands read, by variable. */
  readonly secrets: Array<[string, secretsmanager.ISecret]>;
  /** The connections of full-clone inputs, which the action's compute clones through. */
  readonly connections: string[];
  readonly logs: PipelineLogTargets;
  /** The region's Secrets Manager endpoint, through which a secret's key decrypts it. */
  readonly secretsManagerService: string;
  /** An example object of the artifact bucket (for the denied write without an output). */
  readonly artifactObject: string;
}

/** "the UseConnection permission ... the connection ARN": a full clone's compute clones through the connection. */
const CLONE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#codebuild-role-connections';

/** Secrets Manager decrypts a secret under a customer managed key with the caller's kms:Decrypt. */
const SECRET_KEY_DOC = 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz';

/**
 * The Commands action's IAM (its service role policy): the commands run with this role's credentials, so
 * the action reads its inputs and writes its output, its logs and the secrets it is given.
 */
export const COMMANDS_IAM: ProviderIam<CommandsTargets> = {
  documentation: COMMANDS_DOC,
  artifactDocumentation: COMMANDS_DOC,
  artifacts: t => (t.outputs.length > 0 ? ArtifactAccess.READ_WRITE : ArtifactAccess.READ),
  statements: [
    ...pipelineLogStatements<CommandsTargets>(),
    {
      actions: ['secretsmanager:GetSecretValue'],
      // A secret given by name has an ARN ending in a 6-character suffix.
      resources: t => t.secrets.map(([, s]) => s.secretFullArn ?? `${s.secretArn}-??????`),
      calls: t => t.secrets.map(([, s]) => ({ resource: secretArnOf(s) })),
    },
    // A full clone of a connection source is cloned through the connection by the action's own compute,
    // with UseConnection of the service the connection's ARN names (see useConnectionGrants).
    ...useConnectionStatements<CommandsTargets>(t => t.connections, CLONE_DOC),
    {
      // A secret under a customer managed key is decrypted through Secrets Manager with kms:Decrypt.
      actions: ['kms:Decrypt'],
      resources: t => secretKeys(t),
      calls: t => secretKeys(t).map(resource => ({ resource, context: { 'kms:ViaService': t.secretsManagerService }, documentation: SECRET_KEY_DOC })),
    },
  ],
  denied: t => [
    ...deniedPipelineLogCalls(t.logs),
    ...deniedConnectionCalls(t.connections),
    ...(t.outputs.length === 0 ? [{ action: 's3:PutObject', resource: t.artifactObject, reason: 'the action has no output artifact' }] : []),
  ],
};

/** The keys of the secrets under a customer managed key. */
function secretKeys(t: CommandsTargets): string[] {
  return [...new Set(t.secrets.flatMap(([, s]) => (s.encryptionKey ? [s.encryptionKey.keyArn] : [])))];
}

export class CommandsStep extends ProviderAction<CommandsOptions, CommandsTargets> {
  public readonly defaultActionName = 'Commands';
  protected readonly permissions = COMMANDS_IAM;
  // The commands run with the role's credentials: grants through DeliveryPipeline.roleOf must land.
  protected readonly roleTakesGrants = true;

  constructor(options: CommandsOptions) {
    super(options);
    const o = options;
    if (o.commands.length < 1 || o.commands.length > 50) {
      fail(undefined, 'CommandsCount', `Build.commands: give 1 to 50 commands, got ${o.commands.length}`);
    }
    o.commands.forEach((command, i) => {
      if (Token.isUnresolved(command)) return;
      if (command.trim() === '' || command.length > 1000 || /[\r\n]/.test(command)) {
        fail(undefined, 'InvalidCommand', `Build.commands: commands[${i}] must be a single line of 1 to 1000 characters, got ${show(command)}`);
      }
    });
    if (o.outputFiles !== undefined && (o.outputFiles.length < 1 || o.outputFiles.length > 10)) {
      fail(undefined, 'OutputFilesCount', `Build.commands: outputFiles must list 1 to 10 paths, got ${o.outputFiles.length}`);
    }
    if (o.outputVariables !== undefined && (o.outputVariables.length < 1 || o.outputVariables.length > 15)) {
      fail(undefined, 'OutputVariablesCount', `Build.commands: outputVariables must list 1 to 15 names, got ${o.outputVariables.length}`);
    }
    for (const name of [...Object.keys(o.environment ?? {}), ...Object.keys(o.secrets ?? {})]) {
      if (!ENV_NAME.test(name)) {
        fail(undefined, 'InvalidVariableName', `Build.commands: environment variable names are 1 to 128 letters, digits or '_', got ${show(name)}`);
      }
      if (o.environment && o.secrets && name in o.environment && name in o.secrets) {
        fail(undefined, 'DuplicateVariable', `Build.commands: '${name}' is given both in 'environment' and in 'secrets'; keep it in 'secrets' only`);
      }
    }
    checkSecretJsonKeys(undefined, { prefix: 'Build.commands: ', secretsProp: 'secrets', keysProp: 'secretJsonKeys' }, o.secrets, o.secretJsonKeys);
    const categories = [codepipeline.ActionCategory.COMPUTE, codepipeline.ActionCategory.BUILD];
    if (o.actionCategory !== undefined && !categories.includes(o.actionCategory)) {
      fail(undefined, 'InvalidCategory', `Build.commands: a Commands action is in category Compute or Build, got ${show(o.actionCategory)}`);
    }
    if (windowsOnSmallCompute(o.environmentType, o.computeType)) {
      fail(undefined, 'IncompatibleCompute', `Build.commands: environmentType WINDOWS_SERVER_2022_CONTAINER does not run on ${o.computeType ? 'computeType SMALL' : 'the default computeType SMALL'}; set computeType to CommandsComputeType.MEDIUM or LARGE`);
    }
  }

  protected targets(scope: Construct, context: IStepContext): CommandsTargets {
    requireV2(scope, context, 'Commands');
    const o = this.options;
    checkNotSecrets(scope, o.notSecrets, o.environment);
    rejectPlaintextSecrets(scope, { prop: 'environment', secretsProp: 'secrets', variables: o.environment, notSecrets: o.notSecrets });
    const inputs = [o.input ?? PipelineArtifact.SOURCE_OUTPUT, ...(o.extraInputs ?? [])].map(ref => context.artifact(ref));
    checkArtifactBounds(scope, context, 'Commands', COMMANDS_PROVIDER.bounds, inputs.length, o.outputFiles ? 1 : 0);
    // The registered output carries the name later steps resolve; the declared one adds the files to export.
    const outputs = o.outputFiles ? [new codepipeline.Artifact(context.output().artifactName, o.outputFiles)] : [];
    return {
      inputs,
      outputs,
      secrets: Object.entries(o.secrets ?? {}),
      connections: [...new Set(inputs.map(cloneOutputConnection).filter((arn): arn is string => arn !== undefined))],
      logs: pipelineLogTargets(scope, context),
      secretsManagerService: `secretsmanager.${Stack.of(scope).region}.amazonaws.com`,
      artifactObject: context.artifactBucket.arnForObjects('pipeline/Artifact/revision.zip'),
    };
  }

  protected bound(scope: Construct, context: IStepContext, t: CommandsTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    declareActionEnvironment(scope, context.pipeline, context.stageName, base.actionName, [
      ...Object.entries(o.environment ?? {}).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const })),
      ...t.secrets.map(([name, secret]) => ({ name, value: secretVariableValue(secret, o.secretJsonKeys?.[name]), type: 'SECRETS_MANAGER' as const })),
    ]);
    return [new GenericAction({
      ...base,
      category: o.actionCategory ?? codepipeline.ActionCategory.COMPUTE,
      owner: 'AWS',
      provider: 'Commands',
      version: '1',
      artifactBounds: COMMANDS_PROVIDER.bounds,
      inputs: t.inputs,
      outputs: t.outputs,
      configuration: { EnvironmentType: o.environmentType, ComputeType: o.computeType },
      commands: o.commands,
      outputVariables: o.outputVariables,
      variablesNamespace: o.variablesNamespace,
    })];
  }
}

/**
 * The action's own `environmentVariables` (CodePipeline's action-level field: `{ name, value, type }`, type
 * PLAINTEXT or SECRETS_MANAGER; a secret's value may name a JSON key, `secret:key`), by type.
 */
function fileEnvironment(a: ActionContext): Pick<ActionVariables, 'plaintext' | 'secrets' | 'secretKeys'> {
  const given: unknown = a.data.environmentVariables;
  if (given === undefined) return {};
  if (!Array.isArray(given)) {
    a.problem('InvalidValue', `environmentVariables is a list of { name, value, type }, e.g. [{ name: STAGE, value: prod, type: PLAINTEXT }], got ${JSON.stringify(given)}`, 'environmentVariables');
    return {};
  }
  return variableEntries(given, ['PLAINTEXT', 'SECRETS_MANAGER'], 'environmentVariables',
    message => a.problem('InvalidValue', message, 'environmentVariables'));
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const list: string[] | undefined = a.data.commands;
  if (list === undefined) {
    a.problem('MissingKey', "a Commands action runs the shell commands of its 'commands' list: add e.g. commands: [npm ci, npm run build]");
  }
  const files: string[] | undefined = a.data.outputArtifacts?.[0]?.files;
  if (a.outputs.length === 1 && files === undefined) {
    a.problem('MissingKey', "a Commands action exports the files listed in its output artifact: give 1 to 10 paths, e.g. outputArtifacts: [{ name: App, files: ['dist/**/*'] }]", 'outputArtifacts');
  }
  const environment = fileEnvironment(a);
  if (!list || a.inputs.length === 0 || (a.outputs.length === 1 && files === undefined)) return undefined;
  const [input, ...extraInputs] = a.inputs.map(i => a.inputRef(i));
  const variables = { ...stringMap(a.data.variables), ...environment.plaintext };
  const secretNames: Record<string, string> = { ...a.data.secrets, ...environment.secrets };
  // Build.commands at call time (build.ts imports this module).
  return scope => Build.commands({
    actionName: a.name,
    runOrder: a.data.runOrder,
    commands: list,
    input,
    extraInputs,
    outputFiles: a.outputs.length > 0 ? files : undefined,
    outputVariables: a.data.outputVariables,
    environment: Object.keys(variables).length > 0 ? variables : undefined,
    secrets: importSecrets(scope, secretNames),
    secretJsonKeys: nonEmpty(environment.secretKeys),
    notSecrets: a.data.notSecrets,
    environmentType: a.config.EnvironmentType as CommandsEnvironmentType | undefined,
    computeType: a.config.ComputeType as CommandsComputeType | undefined,
    actionCategory: a.data.actionType === 'Build' ? codepipeline.ActionCategory.BUILD : undefined,
  });
}

/** The Commands provider (action reference: Commands; V2 pipelines). */
export const COMMANDS_PROVIDER: ProviderDefinition = {
  title: 'Commands',
  category: 'Compute',
  otherCategories: ['Build'],
  owner: 'AWS',
  provider: 'Commands',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html',
  factory: 'Build.commands',
  iam: [COMMANDS_IAM],
  bounds: { minInputs: 1, maxInputs: 10, minOutputs: 0, maxOutputs: 1 },
  keys: [
    { name: 'EnvironmentType', kind: KeyKind.ENUM, values: Object.values(CommandsEnvironmentType), option: 'environmentType', description: 'The operating system of the compute (default: LINUX_CONTAINER).', example: 'LINUX_CONTAINER' },
    { name: 'ComputeType', kind: KeyKind.ENUM, values: Object.values(CommandsComputeType), option: 'computeType', description: 'The compute size (default: BUILD_GENERAL1_SMALL; Windows needs MEDIUM or LARGE).', example: 'BUILD_GENERAL1_MEDIUM' },
  ],
  // CodePipeline's action fields of Commands actions, and the library's variables and secrets.
  fileKeys: ['commands', 'outputVariables', 'files', 'environmentVariables', 'variables', 'secrets', 'notSecrets'],
  samples: [{ commands: ['npm ci', 'npm test'], outputs: 0 }, { commands: ['npm ci', 'npm run build'], outputs: 1, files: ['dist/**/*'] }],
  fromFile,
};
