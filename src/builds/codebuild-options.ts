import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PipelineArtifact } from '../core/artifact';
import { StepOptions } from '../core/step';

/** A further output of a CodeBuild build or test (a CodeBuild secondary artifact). */
export interface BuildOutput {
  /** The output's name; later steps read it with `PipelineArtifact.fromStep('<ActionName>_<name>')`. */
  readonly name: string;

  /**
   * The folder whose files become this output.
   *
   * @default - the whole working directory
   */
  readonly directory?: string;

  /**
   * Glob patterns of the files, under `directory`, that become this output.
   *
   * @default ['**\/*']
   */
  readonly files?: string[];
}

/** Options shared by CodeBuild builds and tests. */
export interface CodeBuildStepOptions extends StepOptions {
  /**
   * Shell commands to run in the build phase, in order. Give these or `buildSpec`.
   *
   * @default - none; `buildSpec` must be given
   */
  readonly commands?: string[];

  /**
   * Shell commands to run in the install phase, before `commands`.
   *
   * @default - no install phase
   */
  readonly installCommands?: string[];

  /**
   * A complete build spec, instead of `commands`.
   *
   * @default - one is generated from `commands`
   */
  readonly buildSpec?: codebuild.BuildSpec;

  /**
   * Plaintext environment variables of the project. Values that look like secrets are rejected at
   * synth: use `secrets`. CodeBuild never resolves `#{Namespace.VARIABLE}` in a project's variables, so
   * such a value is an error too: give it in `actionEnvironment`.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Plaintext environment variables of this action (the CodeBuild action's `EnvironmentVariables`,
   * type `PLAINTEXT`): they override the project's variables of the same name for this action only,
   * and CodePipeline resolves the variables they reference, e.g.
   * `{ VERSION: '#{Build.VERSION}', BRANCH: ActionVariable.of(source, 'BranchName').reference() }`.
   * The pipeline checks at synth that every referenced namespace belongs to an earlier action.
   * Values that look like secrets are rejected: use `actionSecrets`.
   *
   * @default - none
   */
  readonly actionEnvironment?: Record<string, string>;

  /**
   * Environment variables of this action read from AWS Secrets Manager when the build starts (type
   * `SECRETS_MANAGER`). The project's role may read exactly these secrets.
   *
   * @default - none
   */
  readonly actionSecrets?: Record<string, secretsmanager.ISecret>;

  /**
   * For an `actionSecrets` variable, what it reads of the secret besides its whole value: the JSON key,
   * optionally with the version stage and id (`json-key[:version-stage[:version-id]]`, rendered after the
   * secret as CodeBuild takes it), e.g. `{ NPM_TOKEN: 'token' }`.
   *
   * @default - each secret's whole current value
   */
  readonly actionSecretJsonKeys?: Record<string, string>;

  /**
   * Environment variables of this action read from Systems Manager Parameter Store when the build starts
   * (type `PARAMETER_STORE`). The project's role may read exactly these parameters.
   *
   * @default - none
   */
  readonly actionParameters?: Record<string, ssm.IParameter>;

  /**
   * Names of plaintext variables (`environment` or `actionEnvironment`) that are not secrets although
   * their name sounds like one, e.g. `SECRET_ID: 'shop/npm-token'` (a secret's name): the plaintext-secret
   * check skips their names. A value in a credential format (an AWS access key, a GitHub token, ...) is
   * rejected all the same.
   *
   * @default - every variable is checked
   */
  readonly notSecrets?: string[];

  /**
   * Run this existing project instead of creating one: a project of your own (e.g. a
   * `codebuild.PipelineProject` several actions share, each with its own `actionEnvironment`) or an
   * imported one (`codebuild.Project.fromProjectName`). The options that configure a project the
   * library creates (`commands`, `buildSpec`, `environment`, `buildImage`, `vpc`, ...) are errors with it.
   * The project's role, when the project has one in this app, may read (and for a build, write) the
   * artifacts and read the action's secrets and parameters; an imported project's role must already.
   *
   * @default - the step creates a project
   */
  readonly project?: codebuild.IProject;

  /**
   * The name of the project the step creates.
   *
   * @default - a name CloudFormation generates
   */
  readonly projectName?: string;

  /**
   * Further permissions of the project's role, for what the commands call (e.g. `ecr:...` on a
   * repository). Each grant should name its resources; `repository.grantPullPush(delivery.projectOf(step))`
   * does the same after the pipeline is created.
   *
   * @default - the permissions the build needs for its artifacts, logs, reports and secrets only
   */
  readonly rolePolicyStatements?: iam.PolicyStatement[];

  /**
   * Environment variables read from AWS Secrets Manager at build time (never stored in plaintext).
   * The project may read exactly these secrets.
   *
   * @default - none
   */
  readonly secrets?: Record<string, secretsmanager.ISecret>;

  /**
   * The build image.
   *
   * @default - the pipeline's `codeBuildDefaults.buildImage`, else `LinuxBuildImage.STANDARD_7_0`
   */
  readonly buildImage?: codebuild.IBuildImage;

  /**
   * The compute size.
   *
   * @default - the pipeline's `codeBuildDefaults.computeType`, else `ComputeType.SMALL`
   */
  readonly computeType?: codebuild.ComputeType;

  /**
   * How long the build may run.
   *
   * @default - the pipeline's `codeBuildDefaults.timeout`, else 60 minutes
   */
  readonly timeout?: Duration;

  /**
   * A build cache, e.g. `codebuild.Cache.local(codebuild.LocalCacheMode.SOURCE, codebuild.LocalCacheMode.CUSTOM)`.
   * The generated build spec caches the usual package-manager folders.
   *
   * @default - no cache
   */
  readonly cache?: codebuild.Cache;

  /**
   * Run the build container privileged (needed to build Docker images).
   *
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * More outputs (CodeBuild secondary artifacts): a build's besides its build output (5 in all), a
   * test's own (up to 5). With `project`, name them only: your build spec's `secondary-artifacts` holds
   * their files.
   *
   * @default - a build's build output only; no output for a test
   */
  readonly additionalOutputs?: BuildOutput[];

  /**
   * Run a batch build (build list, matrix or graph) from the `batch` section of the build spec
   * (configuration key `BatchEnabled`). With `project`, the project must have batch builds configured.
   *
   * @default false
   */
  readonly batchBuild?: boolean;

  /**
   * In a batch build, combine the builds' artifacts into one output (configuration key `CombineArtifacts`).
   *
   * @default false
   */
  readonly combineBatchArtifacts?: boolean;

  /**
   * A build spec that overrides the project's for this action's builds (configuration key
   * `BuildspecOverride`): an inline build spec (YAML or JSON) or the path of a build spec file in the
   * primary input. The project itself is not changed.
   *
   * @default - the project's build spec
   */
  readonly buildSpecOverride?: string;

  /**
   * The primary input.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * Further inputs, available under `$CODEBUILD_SRC_DIR_<artifact name>`.
   *
   * @default - none
   */
  readonly extraInputs?: PipelineArtifact[];

  /**
   * A namespace for the action's exported variables, referenced as `#{namespace.NAME}`.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;

  /**
   * Environment variables the commands set that later actions may read as `#{namespace.NAME}`
   * (the generated build spec's `env.exported-variables`). Give `variablesNamespace` to reference them.
   *
   * @default - none
   */
  readonly exportedVariables?: string[];

  /**
   * Run the build in this VPC (private dependencies, databases).
   *
   * @default - the pipeline's `codeBuildDefaults.vpc`, else no VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` to run in.
   *
   * @default - the VPC's private subnets
   */
  readonly subnetSelection?: ec2.SubnetSelection;

  /**
   * Security groups for the build in `vpc`.
   *
   * @default - a security group is created for the project
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
