import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { GenericAction } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What the AppConfig deploy's IAM and action read, resolved from its options. */
interface AppConfigDeployTargets {
  readonly input: codepipeline.Artifact;
  /** The deployment strategy's ID (`AppConfig.AllAtOnce` unless another is given). */
  readonly strategy: string;
  /** The AppConfig ARNs' start in the pipeline's account and region: `arn:<partition>:appconfig:<region>:<account>`. */
  readonly arnPrefix: string;
  readonly applicationId: string;
  readonly environmentId: string;
  readonly configurationProfileId: string;
}

const application = (t: AppConfigDeployTargets) => `${t.arnPrefix}:application/${t.applicationId}`;
const environment = (t: AppConfigDeployTargets, id = t.environmentId) => `${application(t)}/environment/${id}`;
const profile = (t: AppConfigDeployTargets, id = t.configurationProfileId) => `${application(t)}/configurationprofile/${id}`;

/** The AppConfig deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const APPCONFIG_IAM: ProviderIam<AppConfigDeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-AppConfig.html#edit-role-appconfig',
  artifacts: ArtifactAccess.READ,
  // Each action on the resource types it takes: a deployment of this profile to this environment
  // with this strategy, and the environment's deployments (the deployment strategy is no resource of
  // GetDeployment or StopDeployment).
  statements: [
    {
      actions: ['appconfig:StartDeployment'],
      resources: t => [application(t), environment(t), profile(t), `${t.arnPrefix}:deploymentstrategy/${t.strategy}`],
    },
    {
      actions: ['appconfig:GetDeployment', 'appconfig:StopDeployment'],
      resources: t => [application(t), environment(t), `${environment(t)}/deployment/*`],
      calls: t => [application(t), environment(t), `${environment(t)}/deployment/1`].map(resource => ({ resource })),
    },
  ],
  denied: t => [
    { action: 'appconfig:StartDeployment', resource: environment(t, 'intruder'), reason: 'another environment of the application' },
    { action: 'appconfig:StartDeployment', resource: profile(t, 'intruder'), reason: 'another configuration profile' },
    { action: 'appconfig:StopDeployment', resource: `${environment(t, 'intruder')}/deployment/1`, reason: "another environment's deployment" },
  ],
};

export class AppConfigDeploy extends ProviderAction<AppConfigDeployOptions, AppConfigDeployTargets> {
  public readonly defaultActionName = 'DeployAppConfig';
  protected readonly permissions = APPCONFIG_IAM;

  constructor(options: AppConfigDeployOptions) {
    super(options);
    for (const key of ['applicationId', 'environmentId', 'configurationProfileId', 'configurationPath'] as const) {
      const value = options[key];
      if (!Token.isUnresolved(value) && (!value || value.trim() === '')) {
        fail(undefined, 'AppConfigMissing', `Deploy.appConfig: '${key}' is ${show(value)}: give the AppConfig ${key.replace(/Id$|Path$/, '')} to deploy`);
      }
    }
  }

  protected targets(scope: Construct, context: IStepContext): AppConfigDeployTargets {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    const stack = Stack.of(scope);
    return {
      input,
      strategy: o.deploymentStrategyId ?? 'AppConfig.AllAtOnce',
      arnPrefix: `arn:${stack.partition}:appconfig:${stack.region}:${stack.account}`,
      applicationId: o.applicationId,
      environmentId: o.environmentId,
      configurationProfileId: o.configurationProfileId,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: AppConfigDeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'AppConfig',
      version: '1',
      artifactBounds: APPCONFIG_PROVIDER.bounds,
      inputs: [t.input],
      configuration: {
        Application: o.applicationId,
        Environment: o.environmentId,
        ConfigurationProfile: o.configurationProfileId,
        InputArtifactConfigurationPath: o.configurationPath,
        DeploymentStrategy: t.strategy,
      },
    })];
  }
}

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
  iam: [APPCONFIG_IAM],
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
