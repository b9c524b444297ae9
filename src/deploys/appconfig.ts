import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { GenericAction } from '../providers/private/generic-action';
import { StepImplementation } from '../providers/private/step-implementation';

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
    checkArtifactBounds(scope, context, 'AppConfig', APPCONFIG_PROVIDER.bounds, 1, 0);
    const stack = Stack.of(scope);
    const strategy = o.deploymentStrategyId ?? 'AppConfig.AllAtOnce';
    const arn = (resourceName: string, resource = 'application') => stack.formatArn({ service: 'appconfig', resource, resourceName });
    const application = arn(o.applicationId);
    const environment = arn(`${o.applicationId}/environment/${o.environmentId}`);
    const profile = arn(`${o.applicationId}/configurationprofile/${o.configurationProfileId}`);
    const deploymentStrategy = arn(strategy, 'deploymentstrategy');
    // Each action on the resource types it takes: a deployment of this profile to this environment
    // with this strategy, and the environment's deployments (the deployment strategy is no resource of
    // GetDeployment or StopDeployment).
    const { role } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['appconfig:StartDeployment'], resources: [application, environment, profile, deploymentStrategy] }),
      new iam.PolicyStatement({
        actions: ['appconfig:GetDeployment', 'appconfig:StopDeployment'],
        resources: [application, environment, `${environment}/deployment/*`],
      }),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const deployment = `${environment}/deployment/1`;
    DocumentedCalls.add(role,
      ...[application, environment, profile, deploymentStrategy].map(resource => ({ action: 'appconfig:StartDeployment', resource, documentation: APPCONFIG_DOC })),
      ...['appconfig:GetDeployment', 'appconfig:StopDeployment'].flatMap(action =>
        [application, environment, deployment].map(resource => ({ action, resource, documentation: APPCONFIG_DOC }))),
    );
    const otherEnvironment = arn(`${o.applicationId}/environment/intruder`);
    DocumentedCalls.addDenied(role,
      { action: 'appconfig:StartDeployment', resource: otherEnvironment, reason: 'another environment of the application' },
      { action: 'appconfig:StartDeployment', resource: arn(`${o.applicationId}/configurationprofile/intruder`), reason: 'another configuration profile' },
      { action: 'appconfig:StopDeployment', resource: `${otherEnvironment}/deployment/1`, reason: "another environment's deployment" },
    );
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.DEPLOY,
        owner: 'AWS',
        provider: 'AppConfig',
        version: '1',
        artifactBounds: APPCONFIG_PROVIDER.bounds,
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

/** The AppConfig action's reference page: its "Service role permissions" section lists these calls. */
const APPCONFIG_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-AppConfig.html#edit-role-appconfig';

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const input = a.inputs[0];
  const required = [c.Application, c.Environment, c.ConfigurationProfile, c.InputArtifactConfigurationPath];
  if (required.some(v => v === undefined)) return undefined;
  // Deploy.appConfig at call time (deploy.ts imports this module).
  return () => Deploy.appConfig({
    actionName: a.name,
    runOrder: a.data.runOrder,
    applicationId: c.Application!,
    environmentId: c.Environment!,
    configurationProfileId: c.ConfigurationProfile!,
    configurationPath: c.InputArtifactConfigurationPath!,
    deploymentStrategyId: c.DeploymentStrategy,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The AWS AppConfig deploy provider (action reference: AppConfig). */
export const APPCONFIG_PROVIDER: ProviderDefinition = {
  title: 'AWS AppConfig deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'AppConfig',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-AppConfig.html',
  factory: 'Deploy.appConfig',
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'Application', required: true, kind: KeyKind.STRING, option: 'applicationId', description: 'The ID of the AppConfig application.', example: '2s2qv57' },
    { name: 'Environment', required: true, kind: KeyKind.STRING, option: 'environmentId', description: 'The ID of the AppConfig environment the configuration is deployed to.', example: '9tm27yd' },
    { name: 'ConfigurationProfile', required: true, kind: KeyKind.STRING, option: 'configurationProfileId', description: 'The ID of the AppConfig configuration profile to deploy.', example: 'PvjrpU' },
    {
      name: 'InputArtifactConfigurationPath',
      required: true,
      kind: KeyKind.STRING,
      option: 'configurationPath',
      description: 'The path of the configuration data in the input artifact.',
      example: 'config/flags.json',
    },
    { name: 'DeploymentStrategy', kind: KeyKind.STRING, option: 'deploymentStrategyId', description: 'The AppConfig deployment strategy; the library writes AppConfig.AllAtOnce when it is left out.', example: 'frqt7ir' },
  ],
  fromFile,
};
