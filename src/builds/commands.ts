import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { artifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements, requireV2 } from '../private/action-checks';
import { declareActionEnvironment } from '../private/action-environment';
import { newActionRole } from '../private/action-role';
import { cloneOutputConnection } from '../private/clone-outputs';
import { secretArnOf } from '../private/codebuild-step';
import { deniedConnectionCalls, useConnectionCalls, useConnectionStatements } from '../private/connection-permissions';
import { fail, show } from '../private/errors';
import { GenericAction } from '../private/generic-action';
import { checkNotSecrets, rejectPlaintextSecrets } from '../private/secrets';
import { StepImplementation } from '../private/step-implementation';

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

const BOUNDS = { minInputs: 1, maxInputs: 10, minOutputs: 0, maxOutputs: 1 };
const ENV_NAME = /^[A-Za-z0-9_]{1,128}$/;

export class CommandsStep extends StepImplementation {
  public readonly defaultActionName = 'Commands';

  constructor(public readonly options: CommandsOptions) {
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
    if (windowsOnSmallCompute(o.environmentType, o.computeType)) {
      fail(undefined, 'IncompatibleCompute', `Build.commands: environmentType WINDOWS_SERVER_2022_CONTAINER does not run on ${o.computeType ? 'computeType SMALL' : 'the default computeType SMALL'}; set computeType to CommandsComputeType.MEDIUM or LARGE`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    requireV2(scope, context, 'Commands');
    const o = this.options;
    checkNotSecrets(scope, o.notSecrets, o.environment);
    rejectPlaintextSecrets(scope, { prop: 'environment', secretsProp: 'secrets', variables: o.environment, notSecrets: o.notSecrets });
    const inputs = [o.input ?? PipelineArtifact.SOURCE_OUTPUT, ...(o.extraInputs ?? [])].map(ref => context.artifact(ref));
    checkArtifactBounds(scope, context, 'Commands', BOUNDS, inputs.length, o.outputFiles ? 1 : 0);
    // The registered output carries the name later steps resolve; the declared one adds the files to export.
    const outputs = o.outputFiles ? [new codepipeline.Artifact(context.output().artifactName, o.outputFiles)] : [];
    const secrets = Object.entries(o.secrets ?? {});
    const statements = pipelineLogStatements(scope, context);
    if (secrets.length > 0) {
      statements.push(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets.map(([, s]) => s.secretArn) }));
    }
    // A full clone of a connection source is cloned through the connection by the action's own compute,
    // with UseConnection of the service the connection's ARN names (see useConnectionGrants).
    const connections = [...new Set(inputs.map(cloneOutputConnection).filter((arn): arn is string => arn !== undefined))];
    statements.push(...useConnectionStatements(connections));
    const { role } = newActionRole(scope, context, statements);
    for (const [, secret] of secrets) {
      secret.encryptionKey?.grantDecrypt(role);
    }
    if (outputs.length > 0) context.artifactBucket.grantReadWrite(role);
    else context.artifactBucket.grantRead(role);
    // The commands run with this role's credentials: the action reads its inputs and writes its output.
    DocumentedCalls.add(role,
      ...pipelineLogCalls(scope, context, COMMANDS_DOC),
      ...secrets.map(([, secret]) => ({ action: 'secretsmanager:GetSecretValue', resource: secretArnOf(secret), documentation: COMMANDS_DOC })),
      ...secrets.flatMap(([, secret]) => secret.encryptionKey ? [{
        action: 'kms:Decrypt',
        resource: secret.encryptionKey.keyArn,
        documentation: SECRET_KEY_DOC,
        context: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` },
      }] : []),
      ...artifactCalls(context.artifactBucket, { read: true, write: outputs.length > 0 }, COMMANDS_DOC),
      ...useConnectionCalls(connections, CLONE_DOC),
    );
    DocumentedCalls.addDenied(role, ...deniedPipelineLogCalls(scope, context), ...deniedConnectionCalls(connections));
    if (outputs.length === 0) {
      DocumentedCalls.addDenied(role, {
        action: 's3:PutObject',
        resource: context.artifactBucket.arnForObjects('pipeline/Artifact/revision.zip'),
        reason: 'the action has no output artifact',
      });
    }
    declareActionEnvironment(scope, context.pipeline, context.stageName, context.actionName, [
      ...Object.entries(o.environment ?? {}).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const })),
      ...secrets.map(([name, secret]) => ({ name, value: secret.secretArn, type: 'SECRETS_MANAGER' as const })),
    ]);
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.COMPUTE,
        owner: 'AWS',
        provider: 'Commands',
        version: '1',
        artifactBounds: BOUNDS,
        inputs,
        outputs,
        role,
        configuration: { EnvironmentType: o.environmentType, ComputeType: o.computeType },
        commands: o.commands,
        outputVariables: o.outputVariables,
        variablesNamespace: o.variablesNamespace,
      })],
    };
  }
}

/** The Commands action's reference page: its service role policy lists the log group and secret calls. */
const COMMANDS_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html#action-reference-Commands-policy';

/** A full clone is fetched through the connection: "the UseConnection permission ... the connection ARN". */
const CLONE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#codebuild-role-connections';

/** A secret under a customer managed key is decrypted through Secrets Manager with kms:Decrypt. */
const SECRET_KEY_DOC = 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz';

