import { Annotations, Arn, ArnFormat, Duration, Fn, Lazy, SecretValue, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct, IConstruct } from 'constructs';
import { ManagedPolicyRole } from './managed-policy-role';
import { applyIam } from '../permissions';
import { checkArtifactBounds } from './action-checks';
import { stageActionRole } from './action-role';
import { cloneOutputConnection, cloneOutputRepository } from './clone-outputs';
import { deniedConnectionCalls, useConnectionCalls, useConnectionPolicyStatements } from './connection-permissions';
import { declareFiles, filesRead } from './declared-files';
import { checkSecretJsonKeys, secretVariableValue } from './secret-json-keys';
import { CODEBUILD_ACTION_IAM, CODEBUILD_PROVIDER } from '../../builds/codebuild';
import type { BuildOutput, CodeBuildStepOptions } from '../../builds/codebuild-options';
import { PipelineArtifact } from '../../core/artifact';
import { fail, show } from '../../core/private/errors';
import { checkNotSecrets, rejectPlaintextSecrets } from '../../core/private/secrets';
import type { IStepContext, StepBinding, StepOptions } from '../../core/step';
import { artifactCalls } from '../../iam/artifact-calls';
import type { DocumentedCall } from '../../iam/documented-calls';
import { DocumentedCalls } from '../../iam/documented-calls';

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
}


/** The project a CodeBuild step created or was given, with its action. */
export interface CodeBuildStepResult extends StepBinding {
  readonly project: codebuild.IProject;
}

/** The options that configure a project the library creates: errors with a given `project`. */
const PROJECT_SETTINGS = ['commands', 'installCommands', 'buildSpec', 'environment', 'secrets', 'buildImage', 'computeType', 'timeout',
  'cache', 'privileged', 'vpc', 'subnetSelection', 'securityGroups', 'exportedVariables', 'outputDirectory', 'outputFiles', 'reports',
  'projectName'] as const;

const REFERENCE = /#\{[A-Za-z0-9@_-]+\.[A-Za-z0-9@_.-]+\}/;

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

/**
 * Checks the step's environment variables: no `#{...}` reference in a project variable (CodeBuild never
 * resolves them there), no secret in plaintext, no name given twice.
 */
function checkEnvironment(scope: Construct, config: CodeBuildStepConfig): void {
  for (const [name, value] of Object.entries(config.environment ?? {})) {
    const reference = typeof value === 'string' ? REFERENCE.exec(value)?.[0] : undefined;
    if (reference) {
      fail(scope, 'ReferenceInProjectVariable',
        `environment.${name} is ${show(value)}, but CodeBuild never resolves ${reference} in a project's environment variables ` +
        `(the build would see the text as it is): pass it as 'actionEnvironment: { ${name}: ... }', which CodePipeline resolves when the action runs`);
    }
  }
  checkNotSecrets(scope, config.notSecrets, config.environment, config.actionEnvironment);
  rejectPlaintextSecrets(scope, { prop: 'environment', secretsProp: 'secrets', variables: config.environment, notSecrets: config.notSecrets });
  rejectPlaintextSecrets(scope, { prop: 'actionEnvironment', secretsProp: 'actionSecrets', variables: config.actionEnvironment, notSecrets: config.notSecrets });
  for (const [name, value] of Object.entries(config.actionEnvironment ?? {})) {
    if (Tokenization.reverseString(String(value)).tokens.some(t => t instanceof SecretValue)) {
      fail(scope, 'PlaintextSecret', `actionEnvironment.${name} holds a SecretValue, which would be stored in plaintext in the pipeline: pass the secret as 'actionSecrets: { ${name}: secret }'`);
    }
  }
  checkSecretJsonKeys(scope, { secretsProp: 'actionSecrets', keysProp: 'actionSecretJsonKeys' }, config.actionSecrets, config.actionSecretJsonKeys);
  const seen = new Map<string, string>();
  for (const [prop, variables] of [['actionEnvironment', config.actionEnvironment], ['actionSecrets', config.actionSecrets], ['actionParameters', config.actionParameters]] as const) {
    for (const name of Object.keys(variables ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !Token.isUnresolved(name)) {
        fail(scope, 'InvalidVariableName', `${prop} has the variable ${show(name)}: environment variable names are letters, digits and '_', not starting with a digit`);
      }
      if (seen.has(name)) {
        fail(scope, 'DuplicateVariable', `'${name}' is given both in '${seen.get(name)}' and in '${prop}': keep it in one of them`);
      }
      seen.set(name, prop);
    }
  }
}

/** A CodeBuild action environment variable, as CodePipeline's `EnvironmentVariables` JSON holds it. */
interface ActionEnvironmentVariable {
  readonly name: string;
  readonly type: 'PLAINTEXT' | 'SECRETS_MANAGER' | 'PARAMETER_STORE';
  readonly value: string;
}

/**
 * aws-cdk-lib's CodeBuild action with the action's environment variables rendered by the library:
 * aws-cdk-lib's own rendering grants the project's role secrets by name pattern (`<name>*`) and
 * parameters by an ARN that is wrong for a parameter name starting with '/'; the library grants exactly.
 */
class CodeBuildActionWithEnvironment extends actions.CodeBuildAction {
  constructor(props: actions.CodeBuildActionProps, private readonly variables: ActionEnvironmentVariable[],
    /** Configuration keys aws-cdk-lib does not render (`BuildspecOverride`, a `false` given explicitly). */
    private readonly extra: Record<string, string>) {
    super(props);
  }

  protected bound(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const config = super.bound(scope, stage, options);
    if (this.variables.length === 0 && Object.keys(this.extra).length === 0) return config;
    return {
      configuration: {
        ...config.configuration,
        ...this.extra,
        ...(this.variables.length > 0 ? { EnvironmentVariables: Stack.of(scope).toJsonString(this.variables) } : {}),
      },
    };
  }
}

/** The ARN Secrets Manager authorizes on, as a policy resource: the full ARN, else the name with its suffix pattern. */
function secretPolicyArn(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}

/**
 * The action's environment variables, with the grants they need on the project's role: read exactly
 * the action's secrets (and decrypt them under their key) and parameters. A project without a role in
 * this app (imported) gets a warning naming what its role must already allow.
 */
function actionEnvironment(scope: Construct, project: codebuild.IProject, role: iam.IRole | undefined, config: {
  readonly actionEnvironment?: Record<string, string>;
  readonly actionSecrets?: Record<string, secretsmanager.ISecret>;
  readonly actionSecretJsonKeys?: Record<string, string>;
  readonly actionParameters?: Record<string, ssm.IParameter>;
}): ActionEnvironmentVariable[] {
  const secrets = Object.entries(config.actionSecrets ?? {});
  const parameters = Object.entries(config.actionParameters ?? {});
  const variables: ActionEnvironmentVariable[] = [
    ...Object.entries(config.actionEnvironment ?? {}).map(([name, value]) => ({ name, type: 'PLAINTEXT' as const, value })),
    ...secrets.map(([name, secret]) => ({ name, type: 'SECRETS_MANAGER' as const, value: secretVariableValue(secret, config.actionSecretJsonKeys?.[name]) })),
    ...parameters.map(([name, parameter]) => ({ name, type: 'PARAMETER_STORE' as const, value: parameter.parameterName })),
  ];
  if (secrets.length === 0 && parameters.length === 0) return variables;
  if (!role) {
    Annotations.of(scope).addWarningV2('cdk-delivery-pipeline:ImportedProjectGrants',
      `the project ${project.projectName} was imported, so the pipeline cannot grant its role: it must already allow ` +
      [...secrets.map(([, s]) => `secretsmanager:GetSecretValue on ${s.secretName}`), ...parameters.map(([, p]) => `ssm:GetParameters on ${p.parameterName}`)].join(', '));
    return variables;
  }
  const add = (statement: iam.PolicyStatement) => (role instanceof CodeBuildProjectRole
    ? role.addOwnStatement(statement) : role.addToPrincipalPolicy(statement));
  if (secrets.length > 0) {
    add(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets.map(([, s]) => secretPolicyArn(s)) }));
    for (const [, secret] of secrets) secret.encryptionKey?.grantDecrypt(role);
  }
  if (parameters.length > 0) {
    add(new iam.PolicyStatement({ actions: ['ssm:GetParameters'], resources: parameters.map(([, p]) => p.parameterArn) }));
  }
  const stack = Stack.of(scope);
  DocumentedCalls.add(role,
    ...secrets.map(([, secret]) => ({ action: 'secretsmanager:GetSecretValue', resource: secretArnOf(secret), documentation: PROJECT_ROLE_DOC })),
    ...secrets.flatMap(([, secret]) => secret.encryptionKey ? [{
      action: 'kms:Decrypt',
      resource: secret.encryptionKey.keyArn,
      documentation: SECRET_KEY_DOC,
      context: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
    }] : []),
    ...parameters.map(([, parameter]) => ({ action: 'ssm:GetParameters', resource: parameter.parameterArn, documentation: PROJECT_ROLE_DOC })),
  );
  DocumentedCalls.addDenied(role,
    ...secrets.length > 0 ? [{ action: 'secretsmanager:GetSecretValue', resource: stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: 'intruder-AbCdEf', arnFormat: ArnFormat.COLON_RESOURCE_NAME }), reason: 'a secret the action does not read' }] : [],
    ...parameters.length > 0 ? [{ action: 'ssm:GetParameters', resource: stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'intruder' }), reason: 'a parameter the action does not read' }] : [],
  );
  return variables;
}

/** What the CodeBuild action of a step needs. */
export interface CodeBuildActionConfig {
  readonly project: codebuild.IProject;
  readonly input: codepipeline.Artifact;
  readonly extraInputs: codepipeline.Artifact[];
  readonly outputs: codepipeline.Artifact[];
  readonly type: actions.CodeBuildActionType;
  readonly variablesNamespace?: string;
  readonly batchBuild?: boolean;
  readonly combineBatchArtifacts?: boolean;
  readonly buildSpecOverride?: string;
  /** The role the action runs as; else the stage's CodeBuild action role, granted exactly. */
  readonly role?: iam.IRole;
  /** The project's role, when the app knows it (for the action's secrets and parameters). */
  readonly projectRole?: iam.IRole;
  readonly actionEnvironment?: Record<string, string>;
  readonly actionSecrets?: Record<string, secretsmanager.ISecret>;
  readonly actionSecretJsonKeys?: Record<string, string>;
  readonly actionParameters?: Record<string, ssm.IParameter>;
}

/**
 * The CodeBuild action of a step: runs the project as the stage's CodeBuild action role (or the given
 * role), with the action's environment variables, and records the role's calls.
 */
export function codeBuildAction(scope: Construct, context: IStepContext, config: CodeBuildActionConfig): codepipeline.IAction {
  const project = config.project;
  const variables = actionEnvironment(scope, project, config.projectRole, config);
  let actionRole = config.role;
  if (!actionRole) {
    // The CodeBuild actions of a stage share one role holding exactly CODEBUILD_ACTION_IAM for the stage's
    // projects; aws-cdk-lib's own grant for the action (the same statement) is dropped.
    const shared = stageActionRole(scope, context, 'CodeBuild');
    const projectArn = (name: string) => Stack.of(scope).formatArn({ service: 'codebuild', resource: 'project', resourceName: name });
    applyIam(scope, shared, CODEBUILD_ACTION_IAM, {
      projectArn: project.projectArn,
      projectCallArn: projectArn(project.projectName),
      otherProjectArn: projectArn('intruder'),
      batchBuild: config.batchBuild === true,
    }, context.artifactBucket);
    actionRole = shared.withoutPolicyUpdates();
  }
  return new CodeBuildActionWithEnvironment({
    actionName: context.actionName,
    runOrder: context.runOrder,
    project,
    input: config.input,
    extraInputs: config.extraInputs.length > 0 ? config.extraInputs : undefined,
    outputs: config.outputs,
    type: config.type,
    variablesNamespace: config.variablesNamespace,
    executeBatchBuild: config.batchBuild ? true : undefined,
    combineBatchBuildArtifacts: config.batchBuild && config.combineBatchArtifacts ? true : undefined,
    // A given role gets aws-cdk-lib's grant for this action (codebuild:StartBuild/BatchGetBuilds/StopBuild
    // on the project); the stage's shared role has it from CODEBUILD_ACTION_IAM.
    role: actionRole,
  }, variables, {
    ...(config.batchBuild === false ? { BatchEnabled: 'false' } : {}),
    ...(config.batchBuild && config.combineBatchArtifacts === false ? { CombineArtifacts: 'false' } : {}),
    ...(config.buildSpecOverride !== undefined ? { BuildspecOverride: config.buildSpecOverride } : {}),
  });
}

/** Projects (of this app, with a role) already granted the owner check on a bucket. */
const bucketOwnerChecks = new WeakMap<IConstruct, Set<string>>();

/**
 * Runs a project the user gave (`project`): no project is created; the action and its grants are as for
 * a created project, and a project with a role in this app may also check the artifact bucket's owner.
 */
function bindGivenProject(scope: Construct, context: IStepContext, config: CodeBuildStepConfig, project: codebuild.IProject): CodeBuildStepResult {
  const given = PROJECT_SETTINGS.filter(key => (config as any)[key] !== undefined);
  if (given.length > 0) {
    fail(scope, 'ProjectSettingsWithProject',
      `'project' runs an existing project, but ${given.map(k => `'${k}'`).join(', ')} ${given.length > 1 ? 'configure' : 'configures'} a project the library creates: ` +
      "configure your project instead, and give per-action settings as 'actionEnvironment', 'actionSecrets' or 'actionParameters'");
  }
  for (const output of config.additionalOutputs ?? []) {
    if (output.directory !== undefined || output.files !== undefined) {
      fail(scope, 'ProjectSettingsWithProject',
        `additional output '${output.name}' sets its directory or files, which the build spec of the project the library creates holds: with 'project', name it in your build spec's 'secondary-artifacts' instead`);
    }
  }
  const input = context.artifact(config.input ?? PipelineArtifact.SOURCE_OUTPUT);
  const extraInputs = (config.extraInputs ?? []).map(ref => context.artifact(ref));
  const secondary = config.additionalOutputs ?? [];
  checkArtifactBounds(scope, context, 'CodeBuild', CODEBUILD_PROVIDER.bounds,
    1 + extraInputs.length, (config.produceOutput ? 1 : 0) + secondary.length);
  const outputs = config.produceOutput ? [context.output()] : [];
  outputs.push(...secondary.map(o => context.output(o.name)));
  const role = project.role;
  if (config.rolePolicyStatements && config.rolePolicyStatements.length > 0) {
    if (!role) {
      fail(scope, 'ImportedProjectRole',
        `'rolePolicyStatements' add to the project's role, but the project ${project.projectName} was imported without one: grant its role directly`);
    }
    config.rolePolicyStatements.forEach(statement => role.addToPrincipalPolicy(statement));
  }
  if (role) {
    // aws-cdk-lib's action grants the role the artifacts (exactly, on the pipeline's bucket); CodeBuild
    // also checks the bucket's owner with it (see BUCKET_OWNER_DOC).
    const checked = bucketOwnerChecks.get(role) ?? new Set<string>();
    bucketOwnerChecks.set(role, checked);
    const bucket = context.artifactBucket;
    const key = Stack.of(scope).resolve(bucket.bucketArn);
    const keyText = JSON.stringify(key);
    if (!checked.has(keyText)) {
      checked.add(keyText);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }));
      DocumentedCalls.add(role,
        ...artifactCalls(bucket, { read: true, write: outputs.length > 0 }, PROJECT_ROLE_DOC),
        { action: 's3:GetBucketAcl', resource: bucket.bucketArn, documentation: BUCKET_OWNER_DOC },
        { action: 's3:GetBucketLocation', resource: bucket.bucketArn, documentation: BUCKET_OWNER_DOC },
      );
    }
  }
  context.registerProject(project);
  const action = codeBuildAction(scope, context, {
    project,
    input,
    extraInputs,
    outputs,
    ...actionSettings(config),
    projectRole: role,
  });
  return { actions: [action], project };
}

/** What a step's CodeBuild action takes from the step's options (both kinds of project share it). */
function actionSettings(config: CodeBuildStepConfig) {
  return {
    type: config.type,
    variablesNamespace: config.variablesNamespace,
    batchBuild: config.batchBuild,
    combineBatchArtifacts: config.combineBatchArtifacts,
    buildSpecOverride: config.buildSpecOverride,
    actionEnvironment: config.actionEnvironment,
    actionSecrets: config.actionSecrets,
    actionSecretJsonKeys: config.actionSecretJsonKeys,
    actionParameters: config.actionParameters,
  };
}

/**
 * Creates the CodeBuild project and CodePipeline action of a build or test step.
 */
export function bindCodeBuildStep(scope: Construct, context: IStepContext, config: CodeBuildStepConfig): CodeBuildStepResult {
  checkEnvironment(scope, config);
  if (config.project) return bindGivenProject(scope, context, config, config.project);
  validateCommands(scope, config);
  if (config.projectName !== undefined && !Token.isUnresolved(config.projectName) && !PROJECT_NAME.test(config.projectName)) {
    fail(scope, 'InvalidProjectName', `projectName must be 2 to 255 letters, digits, '-' and '_', starting with a letter or digit, got ${show(config.projectName)}`);
  }

  const defaults = context.codeBuildDefaults;
  const input = context.artifact(config.input ?? PipelineArtifact.SOURCE_OUTPUT);
  const extraInputs = (config.extraInputs ?? []).map(ref => context.artifact(ref));
  const secondary = config.additionalOutputs ?? [];
  checkArtifactBounds(scope, context, 'CodeBuild', CODEBUILD_PROVIDER.bounds,
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

  const projectRole = new CodeBuildProjectRole(scope, 'ProjectRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  const vpc = config.vpc ?? defaults.vpc;
  const subnetSelection = config.vpc ? config.subnetSelection : defaults.vpc ? defaults.subnetSelection : undefined;
  const vpcPolicy = vpc ? projectRole.ownVpcPolicy(scope) : undefined;
  const project = new codebuild.PipelineProject(scope, 'Project', {
    projectName: config.projectName,
    // Its permissions fill managed policies, never an inline one.
    role: projectRole,
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
    vpc,
    subnetSelection,
    securityGroups: config.vpc ? config.securityGroups : defaults.vpc ? defaults.securityGroups : undefined,
    logging: { cloudWatch: { logGroup } },
    // Granted below on the report groups the build spec names, not on every `<project>-*` group.
    grantReportGroupPermissions: false,
  });
  // The project already may read exactly these secrets (aws-cdk-lib grants secretsmanager:GetSecretValue
  // on each SECRETS_MANAGER variable); a secret under a customer managed key also needs kms:Decrypt.
  for (const secret of Object.values(config.secrets ?? {})) {
    secret.encryptionKey?.grantDecrypt(project);
  }
  context.registerProject(project);
  for (const statement of config.rolePolicyStatements ?? []) {
    projectRole.addOwnStatement(statement);
  }
  if (config.batchBuild) {
    recordBatchCalls(project, project.enableBatchBuilds()!.role);
  }
  if (vpc && vpcPolicy) {
    grantVpcAccess(scope, projectRole, vpcPolicy, vpc, vpc.selectSubnets(subnetSelection).subnetIds, project.connections.securityGroups);
  }
  if (config.cache) {
    recordCacheCalls(scope, projectRole, config.cache);
  }
  const reportGroups = reportGroupsOf(project, config);
  for (const group of reportGroups) {
    projectRole.addOwnStatement(new iam.PolicyStatement({ actions: group.actions, resources: [group.arn] }));
  }
  // CodeBuild checks who owns the buckets it reads and writes with the project's role: the CodeBuild guide
  // lists s3:GetBucketAcl and s3:GetBucketLocation ("to verify the S3 bucket associated with your CodeBuild
  // project is owned by you", BUCKET_OWNER_DOC; the service role policy's S3BucketIdentity statement), and
  // a role without them fails with "Error calling GetBucketAcl: Either the bucket owner has changed or the
  // service role no longer has permission to called s3:GetBucketAcl" (CodeBuild troubleshooting). The
  // artifact bucket grant already holds GetBucketLocation.
  projectRole.addOwnStatement(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [context.artifactBucket.bucketArn] }));
  // A full clone of a connection source is fetched by CodeBuild itself, through the connection, with
  // UseConnection of the service the connection's ARN names (see useConnectionGrants).
  const clones = [input, ...extraInputs];
  const connections = [...new Set(clones.map(a => cloneOutputConnection(a)).filter((arn): arn is string => arn !== undefined))];
  connections.forEach(arn => projectRole.cloneConnections.add(arn));
  for (const statement of useConnectionPolicyStatements(connections)) {
    projectRole.addOwnStatement(statement);
  }
  // A full clone of a CodeCommit source is pulled by CodeBuild: aws-cdk-lib grants codecommit:GitPull on it.
  const repositories = clones.map(a => cloneOutputRepository(a)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  recordProjectCalls(scope, context, projectRole, {
    logGroup,
    secrets: Object.values(config.secrets ?? {}),
    writes: outputs.length > 0,
    reportGroups,
    connections,
    repositories: repositories.map(r => Stack.of(r).formatArn({
      service: 'codecommit', resource: Arn.split(r.repositoryArn, ArnFormat.NO_RESOURCE_NAME).resource, account: r.env.account, region: r.env.region,
    })),
  });

  const action = codeBuildAction(scope, context, {
    project,
    input,
    extraInputs,
    outputs,
    ...actionSettings(config),
    projectRole,
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
  secondary: BuildOutput[]): codebuild.BuildSpec {
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

/** The CodeBuild project service role page: the minimum permissions a project's role needs. */
const PROJECT_ROLE_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html';

/** "Secure access to S3 buckets": s3:GetBucketAcl and s3:GetBucketLocation on the buckets the project uses. */
const BUCKET_OWNER_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-access-control-identity-based.html#secure-s3-buckets';

/** The report calls a project makes when its build spec has reports. */
const REPORT_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/test-permissions.html';

/** A full clone of a connection source is fetched by CodeBuild through the connection. */
const CLONE_CONNECTION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/troubleshooting.html#codebuild-role-connections';

/** A full clone of a CodeCommit source: "add the codecommit:GitPull permission to your CodeBuild service role". */
const CLONE_CODECOMMIT_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html#action-reference-CodeCommit-config';

/** A secret under a customer managed key is decrypted through Secrets Manager with kms:Decrypt. */
const SECRET_KEY_DOC = 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz';

/**
 * The role of a CodeBuild project. aws-cdk-lib's project and action add two statements to it that this
 * library replaces, so they are dropped here:
 *
 * - logs on CodeBuild's default log group `/aws/codebuild/<project>` (CreateLogGroup, CreateLogStream,
 *   PutLogEvents on `log-group:/aws/codebuild/<project>` and `...:*`), which `Project` always adds: the
 *   project logs to its own log group (`logging.cloudWatch`, granted CreateLogStream and PutLogEvents on its
 *   streams by aws-cdk-lib), so that grant is never used, and half of it (the streams' actions on the
 *   log-group form) matches no ARN format of those actions.
 * - `codestar-connections:UseConnection` on each full-clone connection, which `CodeBuildAction` adds
 *   whatever the connection's ARN prefix: replaced by UseConnection of the service the ARN names.
 *
 * and rewrites a third: an S3 cache bucket's `grantReadWrite` (action patterns such as `s3:GetObject*`,
 * and object actions on the bucket ARN, which never match) becomes the exact calls CodeBuild makes on
 * a cache: object reads and writes on its objects, the owner check and listing on the bucket.
 *
 * The VPC permissions aws-cdk-lib would grant on `*` in an inline policy are replaced by `ownVpcPolicy`.
 * Statements the library adds itself go through `addOwnStatement` and are never dropped.
 */
class CodeBuildProjectRole extends ManagedPolicyRole {
  /** Connections of full-clone inputs, whose UseConnection grants the library writes itself. */
  public readonly cloneConnections = new Set<string>();
  private readonly own = new WeakSet<iam.PolicyStatement>();

  /** Adds a statement of the library's own. */
  public addOwnStatement(statement: iam.PolicyStatement): void {
    this.own.add(statement);
    this.addToPrincipalPolicy(statement);
  }

  /**
   * The managed policy that holds the project's VPC permissions. aws-cdk-lib's `Project` looks for the
   * role's VPC policy under a registered symbol and, when none is there, creates an inline policy with
   * `ec2:CreateNetworkInterface` and `ec2:DeleteNetworkInterface` on `*`; registering this one makes it
   * use (and depend on) this policy instead, which `grantVpcAccess` fills with exact statements.
   */
  public ownVpcPolicy(scope: Construct): iam.ManagedPolicy {
    const policy = new iam.ManagedPolicy(scope, 'VpcPolicy', {
      description: `VPC network interfaces of ${scope.node.path}'s builds`,
      roles: [this],
    });
    (this as any)[Symbol.for('@aws-cdk/aws-codebuild.roleVpcPolicy')] = policy;
    return policy;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.own?.has(statement) && (isDefaultLogGroupGrant(statement) || isCloneConnectionGrant(statement, this.cloneConnections))) {
      return { statementAdded: false };
    }
    if (!this.own?.has(statement) && statement.actions.includes('s3:GetObject*')) {
      // A bucket's grantReadWrite (the S3 cache): exact object and bucket calls instead.
      const objects = statement.resources.filter(r => r.endsWith('/*'));
      const buckets = statement.resources.filter(r => !r.endsWith('/*'));
      if (objects.length > 0) {
        super.addToPrincipalPolicy(new iam.PolicyStatement({ actions: CACHE_OBJECT_CALLS, resources: objects }));
      }
      return super.addToPrincipalPolicy(new iam.PolicyStatement({ actions: CACHE_BUCKET_CALLS, resources: buckets }));
    }
    return super.addToPrincipalPolicy(statement);
  }
}

/** The object calls of a build on its S3 cache: read the cache, write it back. */
const CACHE_OBJECT_CALLS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:AbortMultipartUpload'];

/** The bucket calls on the cache bucket: the owner check (see BUCKET_OWNER_DOC) and listing. */
const CACHE_BUCKET_CALLS = ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:ListBucket'];

/** CodeBuild's VPC permissions for its service role ("create a VPC network interface"). */
const VPC_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface';

/** The batch service role CodeBuild uses to start, stop and retry the builds of a batch. */
const BATCH_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build.html#batch_security_role';

/** Caching in Amazon S3: the project's role reads and writes the cache objects. */
const CACHE_DOC = 'https://docs.aws.amazon.com/codebuild/latest/userguide/caching-s3.html';

/**
 * Fills the project's VPC policy: network interfaces created in the project's subnets with its security
 * groups, deleted only in its VPC (`ec2:Vpc`); the Describe calls support no resource-level permissions.
 * (aws-cdk-lib adds `ec2:CreateNetworkInterfacePermission` on `network-interface/*` itself, held to the
 * subnets and to CodeBuild by conditions.)
 */
function grantVpcAccess(scope: Construct, role: iam.IRole, policy: iam.ManagedPolicy, vpc: ec2.IVpc, subnetIds: string[],
  securityGroups: ec2.ISecurityGroup[]): void {
  const stack = Stack.of(scope);
  const ec2Arn = (resource: string) => `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:${resource}`;
  const vpcArn = ec2Arn(`vpc/${vpc.vpcId}`);
  const subnets = subnetIds.map(id => ec2Arn(`subnet/${id}`));
  const groups = securityGroups.map(sg => ec2Arn(`security-group/${sg.securityGroupId}`));
  policy.addStatements(
    new iam.PolicyStatement({ actions: ['ec2:CreateNetworkInterface'], resources: [ec2Arn('network-interface/*'), ...subnets, ...groups] }),
    new iam.PolicyStatement({ actions: ['ec2:DeleteNetworkInterface'], resources: [ec2Arn('network-interface/*')], conditions: { ArnEquals: { 'ec2:Vpc': vpcArn } } }),
    // No resource-level permissions.
    new iam.PolicyStatement({ actions: VPC_DESCRIBE_CALLS, resources: ['*'] }),
  );
  const eni = ec2Arn('network-interface/eni-0123456789abcdef0');
  DocumentedCalls.add(role,
    { action: 'ec2:CreateNetworkInterface', resource: eni, documentation: VPC_DOC },
    ...subnets.map(subnet => ({ action: 'ec2:CreateNetworkInterface', resource: subnet, documentation: VPC_DOC })),
    ...groups.map(group => ({ action: 'ec2:CreateNetworkInterface', resource: group, documentation: VPC_DOC })),
    { action: 'ec2:DeleteNetworkInterface', resource: eni, documentation: VPC_DOC, context: { 'ec2:Vpc': vpcArn } },
    ...subnets.map(subnet => ({
      action: 'ec2:CreateNetworkInterfacePermission',
      resource: eni,
      documentation: VPC_DOC,
      context: { 'ec2:Subnet': subnet, 'ec2:AuthorizedService': 'codebuild.amazonaws.com' },
    })),
    ...VPC_DESCRIBE_CALLS.map(action => ({ action, resource: '*', documentation: VPC_DOC })),
  );
  DocumentedCalls.addDenied(role,
    { action: 'ec2:DeleteNetworkInterface', resource: eni, reason: "another VPC's network interfaces", context: { 'ec2:Vpc': ec2Arn('vpc/vpc-intruder') } },
    { action: 'ec2:CreateNetworkInterface', resource: ec2Arn('subnet/subnet-intruder'), reason: 'a subnet the project does not use' },
  );
}

const VPC_DESCRIBE_CALLS = ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'];

/** Records the calls of the batch service role aws-cdk-lib creates for a batch build. */
function recordBatchCalls(project: codebuild.IProject, role: iam.IRole): void {
  const projectArn = (name: string) => Stack.of(project).formatArn({ service: 'codebuild', resource: 'project', resourceName: name });
  DocumentedCalls.add(role, ...['codebuild:StartBuild', 'codebuild:StopBuild', 'codebuild:RetryBuild']
    .map(action => ({ action, resource: projectArn(project.projectName), documentation: BATCH_DOC })));
  DocumentedCalls.addDenied(role,
    { action: 'codebuild:StartBuild', resource: projectArn('intruder'), reason: 'another project' },
    { action: 'codebuild:UpdateProject', resource: projectArn(project.projectName), reason: 'the batch runs the project, never changes it' },
  );
}

/** Records the calls on an S3 cache (its location is `<bucket>/<prefix>`). */
function recordCacheCalls(scope: Construct, role: iam.IRole, cache: codebuild.Cache): void {
  const rendered = (cache as any)._toCloudFormation?.();
  if (rendered?.type !== 'S3') return;
  const stack = Stack.of(scope);
  const bucket = `arn:${stack.partition}:s3:::${Fn.select(0, Fn.split('/', rendered.location))}`;
  const object = `${bucket}/cache/0123456789abcdef`;
  DocumentedCalls.add(role,
    ...['s3:GetObject', 's3:PutObject'].map(action => ({ action, resource: object, documentation: CACHE_DOC })),
    ...['s3:GetBucketAcl', 's3:GetBucketLocation'].map(action => ({ action, resource: bucket, documentation: BUCKET_OWNER_DOC })),
  );
  DocumentedCalls.addDenied(role, { action: 's3:DeleteBucket', resource: bucket, reason: 'the cache bucket outlives the build' });
}

/** aws-cdk-lib's `Project.createLoggingPermission()`: the default log group `/aws/codebuild/<project>`. */
function isDefaultLogGroupGrant(statement: iam.PolicyStatement): boolean {
  return statement.actions.includes('logs:CreateLogGroup') && statement.resources.some(r => r.includes(':log-group:/aws/codebuild/'));
}

/** aws-cdk-lib's `CodeBuildAction` grant for a full clone of a connection source (one of the project's inputs). */
function isCloneConnectionGrant(statement: iam.PolicyStatement, connections: Set<string> | undefined): boolean {
  return statement.actions.length === 1 && statement.actions[0] === 'codestar-connections:UseConnection'
    && statement.resources.length === 1 && connections?.has(statement.resources[0]) === true;
}

/** A report group a project writes reports to, with the calls it makes on it. */
interface ReportGroupAccess {
  readonly arn: string;
  readonly actions: string[];
}

const COVERAGE_FORMATS = new Set(['CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOVJSON']);

/**
 * The report groups the build spec writes to: CodeBuild creates `<project>-<report>` for each report of
 * the build spec (or writes to the group a report names by ARN). A build spec in the source (unknown at
 * synth) may name any report: its project may write to its `<project>-*` groups.
 */
function reportGroupsOf(project: codebuild.IProject, config: CodeBuildStepConfig): ReportGroupAccess[] {
  const arn = (name: string) => Stack.of(project).formatArn({ service: 'codebuild', resource: 'report-group', resourceName: name });
  const base = ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport'];
  let reports: Array<{ name: string; format?: string }>;
  if (config.buildSpec) {
    const spec = (config.buildSpec as any).spec;
    if (!config.buildSpec.isImmediate || typeof spec !== 'object') {
      return [{ arn: arn(`${project.projectName}-*`), actions: [...base, 'codebuild:BatchPutTestCases', 'codebuild:BatchPutCodeCoverages'] }];
    }
    reports = Object.entries(spec.reports ?? {}).map(([name, r]: [string, any]) => ({ name, format: r?.['file-format'] }));
  } else {
    reports = config.reports ?? [];
  }
  return reports.map(r => ({
    arn: r.name.startsWith('arn:') ? r.name : arn(`${project.projectName}-${r.name}`),
    actions: [...base, COVERAGE_FORMATS.has(String(r.format ?? '').toUpperCase()) ? 'codebuild:BatchPutCodeCoverages' : 'codebuild:BatchPutTestCases'],
  }));
}

/**
 * The ARN Secrets Manager authorizes GetSecretValue on: the secret's full ARN, with its 6-character
 * suffix (an example suffix when the secret was imported by name).
 */
export function secretArnOf(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-AbCdEf`;
}

interface ProjectCalls {
  readonly logGroup: logs.ILogGroup;
  readonly secrets: secretsmanager.ISecret[];
  readonly writes: boolean;
  readonly reportGroups: ReportGroupAccess[];
  readonly connections: string[];
  readonly repositories: string[];
}

/** Records the calls a project's role makes (CodeBuild service role page) and calls it must not make. */
function recordProjectCalls(scope: Construct, context: IStepContext, role: iam.IRole, p: ProjectCalls): void {
  const stack = Stack.of(scope);
  const logGroup = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${p.logGroup.logGroupName}`;
  const stream = `${logGroup}:log-stream:0123456789abcdef`;
  const bucket = context.artifactBucket;
  const calls: DocumentedCall[] = [
    { action: 'logs:CreateLogStream', resource: stream, documentation: PROJECT_ROLE_DOC },
    { action: 'logs:PutLogEvents', resource: stream, documentation: PROJECT_ROLE_DOC },
    ...artifactCalls(bucket, { read: true, write: p.writes }, PROJECT_ROLE_DOC),
    { action: 's3:GetBucketAcl', resource: bucket.bucketArn, documentation: BUCKET_OWNER_DOC },
    { action: 's3:GetBucketLocation', resource: bucket.bucketArn, documentation: BUCKET_OWNER_DOC },
    ...p.secrets.map(secret => ({ action: 'secretsmanager:GetSecretValue', resource: secretArnOf(secret), documentation: PROJECT_ROLE_DOC })),
    ...p.secrets.flatMap(secret => secret.encryptionKey ? [{
      action: 'kms:Decrypt',
      resource: secret.encryptionKey.keyArn,
      documentation: SECRET_KEY_DOC,
      context: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
    }] : []),
    ...p.reportGroups.flatMap(group => group.actions.map(action => ({
      action, resource: group.arn.endsWith('-*') ? `${group.arn.slice(0, -1)}unit` : group.arn, documentation: REPORT_DOC,
    }))),
    ...useConnectionCalls(p.connections, CLONE_CONNECTION_DOC),
    ...p.repositories.map(repository => ({ action: 'codecommit:GitPull', resource: repository, documentation: CLONE_CODECOMMIT_DOC })),
  ];
  DocumentedCalls.add(role, ...calls);
  const logGroups = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group`;
  DocumentedCalls.addDenied(role,
    { action: 'logs:PutLogEvents', resource: `${logGroups}:/aws/codebuild/intruder:log-stream:0123456789abcdef`, reason: "another project's logs" },
    { action: 'logs:DeleteLogGroup', resource: logGroup, reason: 'the build logs outlive the build' },
    {
      action: 'codebuild:CreateReport',
      resource: stack.formatArn({ service: 'codebuild', resource: 'report-group', resourceName: 'intruder' }),
      reason: "another project's report group",
    },
    ...deniedConnectionCalls(p.connections),
  );
  if (!p.writes) {
    DocumentedCalls.addDenied(role, { action: 's3:PutObject', resource: bucket.arnForObjects('pipeline/Artifact/revision.zip'), reason: 'the step has no output artifact' });
  }
}
