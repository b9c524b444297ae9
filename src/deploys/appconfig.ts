import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { GenericAction } from '../private/generic-action';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.appConfig`. */
export interface AppConfigDeployOptions extends StepOptions {
  /** The ID of the AWS AppConfig application, e.g. `abc1234`. */
  readonly applicationId: string;

  /** The ID of the AppConfig environment to deploy to. */
  readonly environmentId: string;

  /** The ID of the configuration profile to deploy (its location must be `codepipeline://...`). */
  readonly configurationProfileId: string;

  /** The configuration file's path in the input artifact, e.g. `config/flags.json`. */
  readonly configurationPath: string;

  /**
   * The ID of the deployment strategy, e.g. `AppConfig.Linear50PercentEvery30Seconds` or a strategy of yours.
   *
   * @default 'AppConfig.AllAtOnce'
   */
  readonly deploymentStrategyId?: string;

  /**
   * The artifact holding the configuration file.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

const BOUNDS = { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 };

export class AppConfigDeploy extends StepImplementation {
  public readonly defaultActionName = 'DeployAppConfig';

  constructor(public readonly options: AppConfigDeployOptions) {
    super(options);
    for (const key of ['applicationId', 'environmentId', 'configurationProfileId', 'configurationPath'] as const) {
      const value = options[key];
      if (!Token.isUnresolved(value) && (!value || value.trim() === '')) {
        fail(undefined, 'AppConfigMissing', `Deploy.appConfig: '${key}' is ${show(value)}: give the AppConfig ${key.replace(/Id$|Path$/, '')} to deploy`);
      }
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    checkArtifactBounds(scope, context, 'AppConfig', BOUNDS, 1, 0);
    const stack = Stack.of(scope);
    const strategy = o.deploymentStrategyId ?? 'AppConfig.AllAtOnce';
    const { role } = newActionRole(scope, context, [
      new iam.PolicyStatement({
        actions: ['appconfig:StartDeployment', 'appconfig:GetDeployment', 'appconfig:StopDeployment'],
        resources: [
          stack.formatArn({ service: 'appconfig', resource: 'application', resourceName: o.applicationId }),
          stack.formatArn({ service: 'appconfig', resource: 'application', resourceName: `${o.applicationId}/*` }),
          stack.formatArn({ service: 'appconfig', resource: 'deploymentstrategy', resourceName: strategy }),
        ],
      }),
    ]);
    context.artifactBucket.grantRead(role);
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.DEPLOY,
        owner: 'AWS',
        provider: 'AppConfig',
        version: '1',
        artifactBounds: BOUNDS,
        inputs: [input],
        role,
        configuration: {
          Application: o.applicationId,
          Environment: o.environmentId,
          ConfigurationProfile: o.configurationProfileId,
          InputArtifactConfigurationPath: o.configurationPath,
          DeploymentStrategy: strategy,
        },
      })],
    };
  }
}
