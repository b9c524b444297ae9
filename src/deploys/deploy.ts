import { Stage } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AppConfigDeploy, AppConfigDeployOptions } from './appconfig';
import { CdkStageDeploy, CdkStageDeployOptions } from './cdk-stage';
import { CloudFormationDeploy, CloudFormationDeployOptions, CloudFormationExecuteChangeSet, CloudFormationExecuteChangeSetOptions } from './cloudformation';
import { CloudFormationDelete, CloudFormationDeleteOptions } from './cloudformation-delete';
import {
  CloudFormationStackInstancesDeploy, CloudFormationStackInstancesOptions,
  CloudFormationStackSetDeploy, CloudFormationStackSetOptions,
} from './cloudformation-stackset';
import { CodeDeployEcsDeploy, CodeDeployEcsDeployOptions, CodeDeployServerDeploy, CodeDeployServerDeployOptions } from './codedeploy';
import { Ec2Deploy, Ec2DeployOptions } from './ec2';
import { EcsDeploy, EcsDeployOptions } from './ecs';
import { EksDeploy, EksDeployOptions } from './eks';
import { ElasticBeanstalkDeploy, ElasticBeanstalkDeployOptions } from './elastic-beanstalk';
import { LambdaDeploy, LambdaDeployOptions } from './lambda';
import { S3Deploy, S3DeployOptions } from './s3';
import { ServiceCatalogDeploy, ServiceCatalogDeployOptions } from './service-catalog';
import { CustomActionOptions } from '../builds/custom-action';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { CustomStep } from '../providers/private/custom-step';
import { registerProviderStep, StepBinder } from '../providers/provider-action';

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
   * Deploys a `cdk.Stage` of the app from the cloud assembly the build synthesized (`Build.cdkSynth`):
   * one CodeBuild action publishes all of its file and image assets with `cdk-assets` (in parallel),
   * then CloudFormation change sets deploy its stacks in dependency order, as the CDK bootstrap roles
   * of each stack's account and region (`cdk bootstrap --trust <pipeline account>`).
   *
   * @example
   * Deploy.cdkStage(new ShopStage(app, 'Prod', { env: { account: '210987654321', region: 'eu-west-1' } }));
   */
  public static cdkStage(stage: Stage, options: CdkStageDeployOptions = {}): Deploy {
    return new ImplementedDeploy(new CdkStageDeploy(stage, options));
  }

  /**
   * Creates or updates a CloudFormation stack from a template in the build output: directly
   * (`CREATE_UPDATE`, or `REPLACE_ON_FAILURE` with `replaceOnFailure`), or through a change set
   * (`CHANGE_SET_REPLACE` with `useChangeSet`, then `CHANGE_SET_EXECUTE` unless `executeChangeSet` is false).
   *
   * @example
   * Deploy.cloudFormation({ stackName: 'shop-prod', templatePath: 'cdk.out/Shop.template.json', deploymentRole });
   */
  public static cloudFormation(options: CloudFormationDeployOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationDeploy(options));
  }

  /**
   * Executes a change set created earlier (`CHANGE_SET_EXECUTE`), e.g. by `Deploy.cloudFormation` with
   * `useChangeSet: true, executeChangeSet: false` before a manual approval.
   *
   * @example
   * Deploy.cloudFormationExecuteChangeSet({ stackName: 'shop-prod', changeSetName: 'shop-prod-changes' });
   */
  public static cloudFormationExecuteChangeSet(options: CloudFormationExecuteChangeSetOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationExecuteChangeSet(options));
  }

  /**
   * Deletes a CloudFormation stack (e.g. a preview environment).
   *
   * @example
   * Deploy.cloudFormationDelete({ stackName: 'shop-preview', deploymentRole });
   */
  public static cloudFormationDelete(options: CloudFormationDeleteOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationDelete(options));
  }

  /**
   * Creates or updates a CloudFormation StackSet and its instances in accounts (self-managed) or
   * organizational units (service-managed).
   *
   * @example
   * Deploy.cloudFormationStackSet({
   *   stackSetName: 'baseline', templatePath: 'cdk.out/Baseline.template.json',
   *   accounts: ['111111111111', '222222222222'], regions: ['eu-west-1'],
   * });
   */
  public static cloudFormationStackSet(options: CloudFormationStackSetOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationStackSetDeploy(options));
  }

  /**
   * Adds or updates instances of an existing CloudFormation StackSet (e.g. wave 2 after wave 1).
   *
   * @example
   * Deploy.cloudFormationStackInstances({ stackSetName: 'baseline', accounts: ['333333333333'], regions: ['eu-west-1'] });
   */
  public static cloudFormationStackInstances(options: CloudFormationStackInstancesOptions): Deploy {
    return new ImplementedDeploy(new CloudFormationStackInstancesDeploy(options));
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

  /**
   * Deploys a revision to an AWS CodeDeploy EC2/on-premises deployment group.
   *
   * @example
   * Deploy.codeDeployServer({ deploymentGroup });
   */
  public static codeDeployServer(options: CodeDeployServerDeployOptions): Deploy {
    return new ImplementedDeploy(new CodeDeployServerDeploy(options));
  }

  /**
   * Blue/green deploys an ECS service through an AWS CodeDeploy ECS deployment group.
   *
   * @example
   * Deploy.codeDeployEcs({ deploymentGroup, taskDefinition });
   */
  public static codeDeployEcs(options: CodeDeployEcsDeployOptions): Deploy {
    return new ImplementedDeploy(new CodeDeployEcsDeploy(options));
  }

  /**
   * Deploys a Lambda function's code and shifts an alias's traffic (all at once, canary or linear),
   * with alarm rollback. V2 pipelines only.
   *
   * @example
   * Deploy.lambdaFunction(fn, { alias: 'live', deployStrategy: LambdaDeployStrategy.canary(10, 5) });
   */
  public static lambdaFunction(fn: lambda.IFunction, options: LambdaDeployOptions = {}): Deploy {
    return new ImplementedDeploy(new LambdaDeploy(fn, options));
  }

  /**
   * Deploys a source bundle to an AWS Elastic Beanstalk environment.
   *
   * @example
   * Deploy.elasticBeanstalk({ applicationName: 'shop', environmentName: 'shop-prod' });
   */
  public static elasticBeanstalk(options: ElasticBeanstalkDeployOptions): Deploy {
    return new ImplementedDeploy(new ElasticBeanstalkDeploy(options));
  }

  /**
   * Applies Kubernetes manifests or a Helm chart to an Amazon EKS cluster. V2 pipelines only.
   *
   * @example
   * Deploy.eks({ clusterName: 'shop', manifestFiles: ['k8s/deployment.yaml'], namespace: 'shop' });
   */
  public static eks(options: EksDeployOptions): Deploy {
    return new ImplementedDeploy(new EksDeploy(options));
  }

  /**
   * Copies the artifact to tagged EC2 instances and runs its scripts (or its deploy spec file,
   * `deploySpec`), through SSM. V2 pipelines only.
   *
   * @example
   * Deploy.ec2({ instanceTagKey: 'App', instanceTagValue: 'shop', targetDirectory: '/opt/shop', postScript: 'scripts/start.sh' });
   */
  public static ec2(options: Ec2DeployOptions): Deploy {
    return new ImplementedDeploy(new Ec2Deploy(options));
  }

  /**
   * Deploys a configuration file to an AWS AppConfig environment with a deployment strategy.
   *
   * @example
   * Deploy.appConfig({
   *   applicationId: 'abc1234', environmentId: 'def5678', configurationProfileId: 'ghi9012',
   *   configurationPath: 'config/flags.json',
   * });
   */
  public static appConfig(options: AppConfigDeployOptions): Deploy {
    return new ImplementedDeploy(new AppConfigDeploy(options));
  }

  /**
   * Publishes a template as a new version of an AWS Service Catalog product.
   *
   * @example
   * Deploy.serviceCatalog({ productId: 'prod-abcdefgh12345', templatePath: 'product.template.json', productVersionName: 'v2' });
   */
  public static serviceCatalog(options: ServiceCatalogDeployOptions): Deploy {
    return new ImplementedDeploy(new ServiceCatalogDeploy(options));
  }

  /**
   * Any custom or third-party deploy action type (e.g. a partner's deployment tool, your own job worker).
   * The action reads the build output unless `inputs` says otherwise.
   *
   * @example
   * Deploy.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'XebiaLabs', configuration: { Environment: 'prod' } });
   */
  public static custom(options: CustomActionOptions): Deploy {
    return new ImplementedDeploy(new CustomStep('Deploy.custom', codepipeline.ActionCategory.DEPLOY,
      { ...options, inputs: options.inputs ?? [PipelineArtifact.BUILD_OUTPUT] }));
  }

  public readonly category = StepCategory.DEPLOY;
}

/**
 * What every `Deploy` factory returns: a deploy that binds through its provider module's binder. Private, as
 * in aws-cdk-lib's `CodePipelineSource`: users see `Deploy`, and `bind` is the binder's.
 */
class ImplementedDeploy extends Deploy {
  public readonly defaultActionName: string;

  constructor(private readonly binder: StepBinder) {
    super(binder.options);
    this.defaultActionName = binder.defaultActionName;
    registerProviderStep(this, binder);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.binder.bind(scope, context);
  }
}
