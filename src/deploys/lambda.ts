import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { checkArtifactBounds, requireV2 } from '../providers/private/action-checks';
import { GenericAction } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** How the Lambda deploy action shifts an alias's traffic to the new version. */
export class LambdaDeployStrategy {
  /** All traffic at once. */
  public static readonly ALL_AT_ONCE = new LambdaDeployStrategy('AllAtOnce');

  /**
   * `percent` of the traffic first, the rest after `minutes`.
   *
   * @example LambdaDeployStrategy.canary(10, 5) // Canary10Percent5Minutes
   */
  public static canary(percent: number, minutes: number): LambdaDeployStrategy {
    LambdaDeployStrategy.check('canary', percent, minutes);
    return new LambdaDeployStrategy(`Canary${percent}Percent${minutes}Minutes`);
  }

  /**
   * `percent` more of the traffic every `minutes` minutes.
   *
   * @example LambdaDeployStrategy.linear(10, 1) // Linear10PercentEvery1Minute
   */
  public static linear(percent: number, minutes: number): LambdaDeployStrategy {
    LambdaDeployStrategy.check('linear', percent, minutes);
    return new LambdaDeployStrategy(`Linear${percent}PercentEvery${minutes}Minute${minutes === 1 ? '' : 's'}`);
  }

  /**
   * A strategy as CodePipeline spells it: `AllAtOnce`, `Canary<percent>Percent<minutes>Minutes` or
   * `Linear<percent>PercentEvery<minutes>Minute(s)` (percent 1 to 99, minutes 1 to 2880); the spelling is kept.
   *
   * @example LambdaDeployStrategy.fromString('Canary10Percent5Minutes')
   */
  public static fromString(value: string): LambdaDeployStrategy {
    if (value === 'AllAtOnce') return LambdaDeployStrategy.ALL_AT_ONCE;
    const shift = parseStrategy(value);
    if (!shift) {
      fail(undefined, 'InvalidLambdaDeployStrategy',
        `LambdaDeployStrategy.fromString: a strategy is AllAtOnce, Canary<percent>Percent<minutes>Minutes or Linear<percent>PercentEvery<minutes>Minutes, got '${value}'`);
    }
    LambdaDeployStrategy.check(shift.kind, shift.percent, shift.minutes);
    return new LambdaDeployStrategy(value);
  }

  private static check(kind: string, percent: number, minutes: number): void {
    const problem = strategyProblem(percent, minutes);
    if (problem !== undefined) {
      fail(undefined, 'InvalidLambdaDeployStrategy', `LambdaDeployStrategy.${kind}: ${problem}, got ${percent}% and ${minutes} minutes`);
    }
  }

  /** @param value the strategy as CodePipeline spells it, e.g. `Canary10Percent5Minutes` */
  private constructor(public readonly value: string) {}
}

/** Options for `Deploy.lambdaFunction`. */
export interface LambdaDeployOptions extends StepOptions {
  /**
   * The alias to move to the new version (it is the rollback target). Without it, the code is
   * deployed to `$LATEST` and a version is published.
   *
   * @default - no alias
   */
  readonly alias?: string;

  /**
   * A version, already published, to move the alias to (e.g. `#{variables.version}`), instead of
   * deploying code from the input artifact. Needs `alias`.
   *
   * @default - the input artifact's code is deployed
   */
  readonly publishedTargetVersion?: string;

  /**
   * How the alias's traffic shifts to the new version. Needs `alias`.
   *
   * @default LambdaDeployStrategy.ALL_AT_ONCE
   */
  readonly deployStrategy?: LambdaDeployStrategy;

  /**
   * Up to 10 alarms that fail (and roll back) the deployment when they go into ALARM.
   *
   * @default - none
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * A namespace for the action's output variable `FunctionVersion` (the deployed version), read as `#{namespace.FunctionVersion}`.
   *
   * @default - no namespace
   */
  readonly variablesNamespace?: string;

  /**
   * The artifact holding the function's code (a zip).
   *
   * @default PipelineArtifact.BUILD_OUTPUT, unless `publishedTargetVersion` is given (then no input)
   */
  readonly input?: PipelineArtifact;
}

/** A strategy with traffic shifting, as CodePipeline spells it (`Minute` or `Minutes`), or undefined. */
function parseStrategy(value: string): { kind: string; percent: number; minutes: number } | undefined {
  const m = /^(?:Canary(\d+)Percent(\d+)|Linear(\d+)PercentEvery(\d+))Minutes?$/.exec(value);
  if (!m) return undefined;
  return m[1] !== undefined ? { kind: 'canary', percent: Number(m[1]), minutes: Number(m[2]) } : { kind: 'linear', percent: Number(m[3]), minutes: Number(m[4]) };
}

/** What is wrong with a canary or linear shift's percent and minutes, or undefined when both are in range. */
function strategyProblem(percent: number, minutes: number): string | undefined {
  return !Number.isInteger(percent) || percent < 1 || percent > 99 || !Number.isInteger(minutes) || minutes < 1 || minutes > 2880
    ? 'percent must be a whole number from 1 to 99 and minutes from 1 to 2880 (2 days)'
    : undefined;
}

/** What the Lambda deploy's IAM and action read, resolved from its options. */
interface LambdaDeployTargets {
  /** The code zip; none when a published target version is deployed. */
  readonly inputs: codepipeline.Artifact[];
  /** Whether code is deployed and a version published (no published target version). */
  readonly deploysCode: boolean;
  /** The function's ARN, as the function gives it. */
  readonly functionArn: string;
  readonly alias?: string;
  readonly alarmArns: string[];
  /** The ARNs the calls are made on, built from the names, regions and accounts. */
  readonly calls: {
    /** The function. */
    readonly function: string;
    /** The function's alias, when there is one. */
    readonly alias?: string;
    /** Another function in the same account and region. */
    readonly otherFunction: string;
    readonly alarms: string[];
  };
}

/** The Lambda deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const LAMBDA_DEPLOY_IAM: ProviderIam<LambdaDeployTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-LambdaDeploy.html#action-reference-LambdaDeploy-permissions-action',
  artifacts: t => (t.inputs.length > 0 ? ArtifactAccess.READ : ArtifactAccess.NONE),
  statements: [
    // With a published target version, no code is deployed and no version published: one statement either way.
    {
      actions: ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:PublishVersion'],
      resources: t => [t.functionArn, `${t.functionArn}:*`],
      when: t => t.deploysCode,
      calls: t => [{ resource: t.calls.function }],
    },
    {
      actions: ['lambda:GetFunctionConfiguration'],
      resources: t => [t.functionArn, `${t.functionArn}:*`],
      when: t => !t.deploysCode,
      calls: t => [{ resource: t.calls.function }],
    },
    {
      actions: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
      resources: t => (t.alias !== undefined ? [`${t.functionArn}:${t.alias}`] : []),
      // lambda:GetProvisionedConcurrencyConfig is granted but not recorded: `function:<name>:<alias>` matches both its resource
      // types (function alias, function version), which the simulator refuses to choose between.
      calls: t => [{ resource: t.calls.alias!, actions: ['lambda:GetAlias', 'lambda:UpdateAlias'] }],
    },
    {
      actions: ['cloudwatch:DescribeAlarms'],
      resources: t => t.alarmArns,
      calls: t => t.calls.alarms.map(resource => ({ resource })),
    },
  ],
  denied: t => [
    { action: 'lambda:UpdateFunctionCode', resource: t.calls.otherFunction, reason: 'another function' },
    { action: 'lambda:UpdateFunctionConfiguration', resource: t.calls.function, reason: "the deploy changes the function's code, not its configuration" },
    { action: 'lambda:DeleteFunction', resource: t.calls.function, reason: 'the pipeline never deletes the function' },
  ],
};

export class LambdaDeploy extends ProviderAction<LambdaDeployOptions, LambdaDeployTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = LAMBDA_DEPLOY_IAM;

  constructor(private readonly fn: lambda.IFunction, options: LambdaDeployOptions) {
    super(options);
    this.defaultActionName = actionName(`Deploy-${fn.node.id || 'Function'}`);
    if ((options.publishedTargetVersion || options.deployStrategy) && !options.alias) {
      fail(undefined, 'LambdaDeployNeedsAlias', "Deploy.lambdaFunction: 'publishedTargetVersion' and 'deployStrategy' shift an alias's traffic: give 'alias' too");
    }
    if ((options.alarms ?? []).length > 10) {
      fail(undefined, 'TooManyAlarms', `Deploy.lambdaFunction: at most 10 alarms are allowed, got ${options.alarms!.length}`);
    }
  }

  protected targets(scope: Construct, context: IStepContext): LambdaDeployTargets {
    requireV2(scope, context, 'Lambda (deploy)');
    const o = this.options;
    const inputs = o.input || !o.publishedTargetVersion ? [context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT)] : [];
    checkArtifactBounds(scope, context, 'Lambda', LAMBDA_DEPLOY_PROVIDER.bounds, inputs.length, 0);
    // The calls, on ARNs built from the function's name, region and account.
    const fn = (resourceName: string) => Stack.of(this.fn).formatArn({
      service: 'lambda',
      resource: 'function',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName,
      account: this.fn.env.account,
      region: this.fn.env.region,
    });
    return {
      inputs,
      deploysCode: !o.publishedTargetVersion,
      functionArn: this.fn.functionArn,
      alias: o.alias,
      alarmArns: (o.alarms ?? []).map(a => a.alarmArn),
      calls: {
        function: fn(this.fn.functionName),
        alias: o.alias ? fn(`${this.fn.functionName}:${o.alias}`) : undefined,
        otherFunction: fn('intruder'),
        alarms: (o.alarms ?? []).map(a => Stack.of(a).formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: a.alarmName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          account: a.env.account,
          region: a.env.region,
        })),
      },
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: LambdaDeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    const alarmNames = (o.alarms ?? []).map(a => FILE_NAMES.get(a) ?? a.alarmName);
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'Lambda',
      version: '1',
      artifactBounds: LAMBDA_DEPLOY_PROVIDER.bounds,
      inputs: t.inputs,
      variablesNamespace: o.variablesNamespace,
      configuration: {
        // A pipeline file's function is named as the file names it (by name or ARN).
        FunctionName: FILE_NAMES.get(this.fn) ?? this.fn.functionName,
        FunctionAlias: o.alias,
        PublishedTargetVersion: o.publishedTargetVersion,
        DeployStrategy: o.alias ? (o.deployStrategy ?? LambdaDeployStrategy.ALL_AT_ONCE).value : undefined,
        Alarms: alarmNames.length > 0 ? alarmNames.join(',') : undefined,
      },
    })];
  }
}

/** How a pipeline file named the function and alarms it imported (a name or an ARN), written back as given. */
const FILE_NAMES = new WeakMap<lambda.IFunction | cloudwatch.IAlarm, string>();

function fromFile(a: ActionContext): StepFactory | undefined {
  const functionName = a.config.FunctionName;
  const alias = a.config.FunctionAlias;
  const target = a.config.PublishedTargetVersion;
  let strategy: LambdaDeployStrategy | undefined;
  const given = a.config.DeployStrategy;
  if (given !== undefined) {
    const shift = parseStrategy(given);
    const inRange = shift && strategyProblem(shift.percent, shift.minutes) === undefined;
    if (given === 'AllAtOnce' || inRange) {
      strategy = LambdaDeployStrategy.fromString(given);
    } else {
      a.configProblem('InvalidConfiguration',
        `DeployStrategy must be AllAtOnce, Canary<percent>Percent<minutes>Minutes or Linear<percent>PercentEvery<minutes>Minutes (percent 1 to 99, minutes 1 to 2880), got '${given}'`, 'DeployStrategy');
    }
  }
  // The page: without FunctionAlias, the deploy strategy and target version options are not available.
  for (const key of ['PublishedTargetVersion', 'DeployStrategy']) {
    if (a.config[key] !== undefined && alias === undefined) {
      a.configProblem('MissingConfiguration', `'${key}' shifts an alias's traffic: add configuration 'FunctionAlias'`, key);
    }
  }
  const alarms = a.config.Alarms?.split(',').map(n => n.trim());
  if (alarms && alarms.length > 10) a.configProblem('InvalidConfiguration', `Alarms lists at most 10 alarms, got ${alarms.length}`, 'Alarms');
  // The page: PublishedTargetVersion is required when no input artifact is provided.
  if (target === undefined && a.inputs.length === 0) a.required('PublishedTargetVersion', "'#{variables.version}' (no input artifact is declared)");
  const input = a.inputs[0];
  if (functionName === undefined) return undefined;
  // Deploy.lambdaFunction at call time (deploy.ts imports this module).
  return scope => {
    const fn = functionName.startsWith('arn:')
      ? lambda.Function.fromFunctionArn(scope, 'Function', functionName)
      : lambda.Function.fromFunctionName(scope, 'Function', functionName);
    FILE_NAMES.set(fn, functionName);
    return Deploy.lambdaFunction(fn, {
      actionName: a.name,
      runOrder: a.data.runOrder,
      alias,
      publishedTargetVersion: target,
      deployStrategy: strategy,
      alarms: alarms?.map((name, i) => {
        const alarm = name.startsWith('arn:') ? cloudwatch.Alarm.fromAlarmArn(scope, `Alarm${i}`, name) : cloudwatch.Alarm.fromAlarmName(scope, `Alarm${i}`, name);
        FILE_NAMES.set(alarm, name);
        return alarm;
      }),
      input: input !== undefined ? a.inputRef(input) : undefined,
    });
  };
}

/** The AWS Lambda deploy provider (action reference: LambdaDeploy). */
export const LAMBDA_DEPLOY_PROVIDER: ProviderDefinition = {
  title: 'AWS Lambda deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'Lambda',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-LambdaDeploy.html',
  factory: 'Deploy.lambdaFunction',
  iam: [LAMBDA_DEPLOY_IAM],
  // The code zip; none when PublishedTargetVersion moves the alias to a published version.
  bounds: { minInputs: 0, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'FunctionName', required: true, kind: KeyKind.STRING, option: 'fn', description: 'The function to deploy (its name, or its ARN).', example: 'MyLambdaFunction' },
    {
      name: 'FunctionAlias',
      kind: KeyKind.STRING,
      option: 'alias',
      example: 'live',
      description: 'The alias to move to the new version (the rollback target); without it the code is deployed to $LATEST and a version published.',
    },
    { name: 'PublishedTargetVersion', kind: KeyKind.STRING, option: 'publishedTargetVersion', description: 'A published version to move FunctionAlias to, instead of code from the input artifact (required without an input artifact).', example: '#{variables.lambdaTargetVersion}' },
    { name: 'DeployStrategy', kind: KeyKind.STRING, option: 'deployStrategy', description: 'How FunctionAlias\'s traffic shifts: AllAtOnce (default), Canary<percent>Percent<minutes>Minutes or Linear<percent>PercentEvery<minutes>Minutes, 2 days at most.', example: 'Canary10Percent5Minutes' },
    { name: 'Alarms', kind: KeyKind.LIST, option: 'alarms', description: 'Up to 10 CloudWatch alarm names, comma-separated: the action fails when one goes into ALARM.', example: 'api-errors,api-latency' },
  ],
  samples: [{ inputs: 1 }, { keys: ['FunctionAlias'], values: { PublishedTargetVersion: '3' }, inputs: 0 }],
  fromFile,
};
