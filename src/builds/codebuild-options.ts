import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PipelineArtifact } from '../core/artifact';
import { StepOptions } from '../core/step';

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
   * Plaintext environment variables. Values that look like secrets are rejected at synth: use `secrets`.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

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
