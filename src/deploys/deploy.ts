import { Construct } from 'constructs';
import { CloudFormationDeploy, CloudFormationDeployOptions } from './cloudformation';
import { EcsDeploy, EcsDeployOptions } from './ecs';
import { S3Deploy, S3DeployOptions } from './s3';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { StepImplementation } from '../private/step-implementation';

/**
 * A deploy step: releases the build output to an environment.
 */
export abstract class Deploy extends PipelineStep {
  /**
   * Rolls an ECS service to the image named in the build output's `imagedefinitions.json`.
   *
   * @example
   * Deploy.ecs({ service });
   */
  public static ecs(options: EcsDeployOptions): Deploy {
    return new ImplementedDeploy(new EcsDeploy(options));
  }

  /**
   * Creates or updates a CloudFormation stack from a template in the build output, directly or through
   * a reviewed change set.
   *
   * @example
   * Deploy.cloudFormation({ stackName: 'shop-prod', templatePath: 'cdk.out/Shop.template.json', deploymentRole });
   */
  public static cloudFormation(options: CloudFormationDeployOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationDeploy(options));
  }

  /**
   * Copies the build output into an S3 bucket (a static site, a package repository).
   *
   * @example
   * Deploy.s3({ bucket: siteBucket });
   */
  public static s3(options: S3DeployOptions): Deploy {
    return new ImplementedDeploy(new S3Deploy(options));
  }

  public readonly category = StepCategory.DEPLOY;
}

/** A deploy made by one of the factories above. */
class ImplementedDeploy extends Deploy {
  public readonly defaultActionName: string;

  constructor(private readonly implementation: StepImplementation) {
    super(implementation.options);
    this.defaultActionName = implementation.defaultActionName;
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.implementation.bind(scope, context);
  }
}
