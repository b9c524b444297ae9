import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Defaults for every CodeBuild project the pipeline creates; a step's own options win field by field.
 */
export interface CodeBuildDefaults {
  /**
   * The build image.
   *
   * @default codebuild.LinuxBuildImage.STANDARD_7_0
   */
  readonly buildImage?: codebuild.IBuildImage;

  /**
   * The compute size.
   *
   * @default codebuild.ComputeType.SMALL
   */
  readonly computeType?: codebuild.ComputeType;

  /**
   * How long a build may run before CodeBuild stops it.
   *
   * @default Duration.minutes(60)
   */
  readonly timeout?: Duration;

  /**
   * Run builds inside this VPC (for private dependencies or databases).
   *
   * @default - no VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` builds run in.
   *
   * @default - the VPC's private subnets
   */
  readonly subnetSelection?: ec2.SubnetSelection;

  /**
   * Security groups for builds in `vpc`.
   *
   * @default - a security group is created per project
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * How long build logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}
