import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { DocumentedCall } from '../iam/documented-calls';

/** The states of a CloudWatch alarm a `ConditionRule.cloudWatchAlarm` rule watches for. */
export enum AlarmState {
  /** The alarm fired. */
  ALARM = 'ALARM',
  /** The alarm is within its threshold. */
  OK = 'OK',
  /** The alarm has too little data to decide. */
  INSUFFICIENT_DATA = 'INSUFFICIENT_DATA',
}

/** How a `ConditionRule.variableCheck` rule compares the variable with the value. */
export enum VariableOperator {
  /** The variable equals the value. */
  EQUALS = 'EQ',
  /** The variable does not equal the value. */
  NOT_EQUALS = 'NE',
  /** The variable contains the value as a substring. */
  CONTAINS = 'CONTAINS',
  /** The variable matches the value as a (Java) regular expression. */
  MATCHES = 'MATCHES',
}

/** Options for `ConditionRule.cloudWatchAlarm`. */
export interface AlarmRuleOptions {
  /**
   * The alarm states that make the rule fail (and so engage the condition's result).
   *
   * @default [AlarmState.ALARM]
   */
  readonly states?: AlarmState[];

  /**
   * How long to watch the alarm before the rule decides (whole minutes, at most 60 minutes here).
   *
   * @default - the alarm's current state decides at once
   */
  readonly waitTime?: Duration;

  /**
   * A role in the alarm's account that the rule runs as. Needed when the alarm lives in another
   * account than the pipeline; the role must allow `cloudwatch:DescribeAlarms` and
   * `cloudwatch:DescribeAlarmHistory` on the alarm and trust the pipeline's role.
   *
   * @default - the rule runs as the pipeline's role, which is granted exactly the alarm
   */
  readonly role?: iam.IRole;
}

/** Options for `ConditionRule.deploymentWindow`. */
export interface DeploymentWindowOptions {
  /**
   * When deployments are allowed: a cron expression of 6 or 7 fields
   * (`seconds minutes hours day-of-month month day-of-week [year]`; seconds must be `*`).
   *
   * @example '* 0-59 9-16 ? * MON-THU'
   */
  readonly cron: string;

  /**
   * The IANA time zone of the cron expression.
   *
   * @default 'UTC'
   */
  readonly timeZone?: string;
}

/** Options for `ConditionRule.variableCheck`. */
export interface VariableCheckOptions {
  /**
   * The variable to check, as a reference: `PipelineVariable.reference()` or
   * `ActionVariable.reference()` (e.g. `#{variables.Release}`).
   */
  readonly variable: string;

  /** How the variable is compared (CodePipeline's `Operator`; named so because `operator` is reserved in C#). */
  readonly comparison: VariableOperator;

  /** The value to compare with. */
  readonly value: string;
}

/** Options for `ConditionRule.lambdaFunction`. */
export interface LambdaRuleOptions {
  /**
   * A string handed to the function in the job data (`UserParameters`).
   *
   * @default - none
   */
  readonly userParameters?: string;
}

/** Options for `ConditionRule.commands`. */
export interface CommandsRuleOptions {
  /** Shell commands, one line each, run in a CodePipeline-managed CodeBuild environment. */
  readonly commands: string[];

  /**
   * The artifact the commands run in.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** What a rule contributes to a stage condition (used by the pipeline). */
export interface ConditionRuleConfig {
  /** The rule provider, e.g. `CloudWatchAlarm`. */
  readonly provider: string;
  /** The rule's configuration. */
  readonly configuration?: Record<string, string>;
  /** Shell commands (Commands rules). */
  readonly commands?: string[];
  /** The artifact the rule reads. */
  readonly input?: PipelineArtifact;
  /** The region the rule runs in. */
  readonly region?: string;
  /** The role the rule runs as (instead of the pipeline's role). */
  readonly role?: iam.IRole;
  /** What the pipeline's role must be allowed for the rule to run as it. */
  readonly statements: iam.PolicyStatement[];
  /**
   * The calls CodePipeline makes with the pipeline's role for the rule, as the rule's reference page
   * documents them (the IAM check simulates each against `statements`).
   *
   * @default - none
   */
  readonly calls?: DocumentedCall[];
}

/** The rule reference pages, whose "Service role policy permissions" list the rule's calls. */
const ALARM_RULE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-CloudWatchAlarm.html';
const LAMBDA_RULE_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference-LambdaInvoke.html';

/**
 * A check in a stage condition: a CloudWatch alarm, a deployment window, a variable check, a Lambda
 * function or shell commands. A condition is met when all its rules pass.
 *
 * @see https://docs.aws.amazon.com/codepipeline/latest/userguide/rule-reference.html
 */
export abstract class ConditionRule {
  /**
   * Passes while the alarm is not in any of `states` (by default: not in ALARM).
   *
   * @example
   * ConditionRule.cloudWatchAlarm(errorRateAlarm, { waitTime: Duration.minutes(10) });
   */
  public static cloudWatchAlarm(alarm: cloudwatch.IAlarm, options: AlarmRuleOptions = {}): ConditionRule {
    const states = options.states ?? [AlarmState.ALARM];
    if (states.length === 0) {
      fail(undefined, 'EmptyAlarmStates', 'ConditionRule.cloudWatchAlarm: states is empty: give at least one AlarmState, e.g. [AlarmState.ALARM]');
    }
    const configuration: Record<string, string> = { AlarmName: alarm.alarmName, AlarmStates: [...new Set(states)].join(',') };
    if (options.waitTime) {
      const minutes = options.waitTime.toMinutes({ integral: false });
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
        fail(undefined, 'InvalidAlarmWaitTime',
          `ConditionRule.cloudWatchAlarm: waitTime must be whole minutes from 1 to 60, got ${options.waitTime.toHumanString()}`);
      }
      configuration.WaitTime = String(minutes);
    }
    // Imported alarms carry their account and region in the ARN only.
    const arn = Token.isUnresolved(alarm.alarmArn) ? undefined : Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME);
    const region = arn?.region ?? alarm.env.region;
    const account = arn?.account ?? alarm.env.account;
    return new ConfiguredRule('Alarm', {
      provider: 'CloudWatchAlarm',
      configuration,
      region,
      role: options.role,
      statements: options.role ? [] : [new iam.PolicyStatement({
        actions: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms'],
        resources: [alarm.alarmArn],
      })],
      calls: options.role ? [] : ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms']
        .map(action => ({ action, resource: alarm.alarmArn, documentation: ALARM_RULE_DOC })),
    }, account);
  }

  /**
   * Passes only inside the deployment window.
   *
   * @example
   * ConditionRule.deploymentWindow({ cron: '* 0-59 9-16 ? * MON-THU', timeZone: 'Europe/Berlin' });
   */
  public static deploymentWindow(options: DeploymentWindowOptions): ConditionRule {
    const cron = options.cron.trim();
    if (!Token.isUnresolved(cron)) {
      const fields = cron.split(/\s+/);
      if (fields.length < 6 || fields.length > 7) {
        fail(undefined, 'InvalidDeploymentWindowCron',
          `ConditionRule.deploymentWindow: cron must have 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]), got ${fields.length} in ${show(options.cron)}`);
      }
      if (fields[0] !== '*') {
        fail(undefined, 'InvalidDeploymentWindowCron',
          `ConditionRule.deploymentWindow: the seconds field of cron must be '*', got ${show(fields[0])} in ${show(options.cron)}`);
      }
    }
    const timeZone = options.timeZone ?? 'UTC';
    if (!Token.isUnresolved(timeZone) && !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) {
      fail(undefined, 'InvalidTimeZone', `ConditionRule.deploymentWindow: timeZone must be an IANA time zone such as 'Europe/Berlin' or 'UTC', got ${show(timeZone)}`);
    }
    return new ConfiguredRule('Window', {
      provider: 'DeploymentWindow',
      configuration: { Cron: cron, TimeZone: timeZone },
      statements: [],
    });
  }

  /**
   * Passes when the variable compares as asked with the value. The variable must be a pipeline
   * variable or an output variable of an earlier step (checked at synth).
   *
   * @example
   * ConditionRule.variableCheck({ variable: release.reference(), comparison: VariableOperator.NOT_EQUALS, value: 'hold' });
   */
  public static variableCheck(options: VariableCheckOptions): ConditionRule {
    if (!Token.isUnresolved(options.variable) && !/^#\{[A-Za-z0-9@_-]+\.[A-Za-z0-9@_-]+\}$/.test(options.variable)) {
      fail(undefined, 'InvalidVariableReference',
        `ConditionRule.variableCheck: variable must be a reference like '#{variables.Release}' (use PipelineVariable.reference() or ActionVariable.reference()), got ${show(options.variable)}`);
    }
    return new ConfiguredRule('VariableCheck', {
      provider: 'VariableCheck',
      configuration: { Variable: options.variable, Operator: options.comparison, Value: options.value },
      statements: [],
    });
  }

  /**
   * Passes when the function reports success to CodePipeline (`PutJobSuccessResult`).
   *
   * @example
   * ConditionRule.lambdaFunction(healthCheck, { userParameters: 'prod' });
   */
  public static lambdaFunction(fn: lambda.IFunction, options: LambdaRuleOptions = {}): ConditionRule {
    const configuration: Record<string, string> = { FunctionName: fn.functionName };
    if (options.userParameters !== undefined) configuration.UserParameters = options.userParameters;
    return new ConfiguredRule('Lambda', {
      provider: 'LambdaInvoke',
      configuration,
      statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })],
      calls: [{ action: 'lambda:InvokeFunction', resource: fn.functionArn, documentation: LAMBDA_RULE_DOC }],
    });
  }

  /**
   * Passes when the commands exit with 0.
   *
   * @example
   * ConditionRule.commands({ commands: ['curl -fsS https://staging.acme.example/health'] });
   */
  public static commands(options: CommandsRuleOptions): ConditionRule {
    if (options.commands.length === 0) {
      fail(undefined, 'EmptyRuleCommands', 'ConditionRule.commands: commands is empty: give at least one shell command');
    }
    options.commands.forEach((command, i) => {
      if (!Token.isUnresolved(command) && (command.includes('\n') || command.trim() === '')) {
        fail(undefined, 'InvalidRuleCommand',
          `ConditionRule.commands: commands[${i}] must be one non-empty line (CodePipeline runs no multi-line commands), got ${show(command)}`);
      }
    });
    return new ConfiguredRule('Commands', {
      provider: 'Commands',
      commands: options.commands,
      input: options.input ?? PipelineArtifact.SOURCE_OUTPUT,
      statements: [],
    });
  }

  /** A short name for the kind of rule, used in rule names (e.g. `Alarm`). */
  public abstract readonly kind: string;

  /**
   * The rule's name in its condition, when it was given one (`named`).
   *
   * @default - `<stage>-<hook>-<kind>-<n>`
   */
  public readonly ruleName?: string;

  /** @param ruleName the rule's name in its condition (see `named`) */
  protected constructor(ruleName?: string) {
    this.ruleName = ruleName;
  }

  /**
   * The same rule under the name `ruleName` (1 to 100 of letters, digits and `. @ _ -`), e.g. to keep the
   * names of an existing pipeline's rules.
   */
  public named(ruleName: string): ConditionRule {
    return new NamedRule(this, ruleName);
  }

  /**
   * What the rule contributes to the condition.
   *
   * @internal
   */
  public abstract _config(): ConditionRuleConfig;

  /**
   * The account of the resource the rule reads, when known.
   *
   * @internal
   */
  public abstract _account(): string | undefined;
}

class ConfiguredRule extends ConditionRule {
  constructor(public readonly kind: string, private readonly config: ConditionRuleConfig, private readonly account?: string) {
    super();
  }

  public _config(): ConditionRuleConfig {
    return this.config;
  }

  public _account(): string | undefined {
    return this.account;
  }
}

class NamedRule extends ConditionRule {
  public readonly kind: string;

  constructor(private readonly inner: ConditionRule, ruleName: string) {
    super(ruleName);
    this.kind = inner.kind;
  }

  public _config(): ConditionRuleConfig {
    return this.inner._config();
  }

  public _account(): string | undefined {
    return this.inner._account();
  }
}
