import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeEnvironmentsPipelineFindings } from './nag-acknowledgements';
import {
  ActionVariable, Build, ConditionRule, DeliveryPipeline, Deploy, EntryResult, PipelineVariable, Source, Test,
  VariableOperator,
} from '../../src';

/** The accounts of the shop's environments. */
export const ACCOUNTS = { pipeline: '123456789012', production: '210987654321' };
const REGION = 'eu-west-1';

/** What the promotion pipeline needs to know about the shop's infrastructure. */
export interface ShopEnvironmentsStackProps extends StackProps {
  /** The AWS CodeConnections connection to the shop's GitHub organisation. */
  readonly connectionArn: string;
}

/**
 * One pipeline that promotes the same build through development, staging and production.
 * Production lives in another account: its deploy runs as the CDK bootstrap deploy role there, and the
 * pipeline encrypts artifacts with a customer managed key that admits exactly that role.
 */
export class ShopEnvironmentsStack extends Stack {
  public readonly delivery: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: ShopEnvironmentsStackProps) {
    super(scope, id, props);
    const cfnExecRole = (account: string, name: string) => iam.Role.fromRoleArn(this, `${name}CfnExecRole`,
      `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${REGION}`, { mutable: false });
    const stagingErrors = cloudwatch.Alarm.fromAlarmArn(this, 'StagingErrors',
      `arn:aws:cloudwatch:${REGION}:${ACCOUNTS.pipeline}:alarm:shop-staging-5xx`);
    const productionErrors = cloudwatch.Alarm.fromAlarmArn(this, 'ProductionErrors',
      `arn:aws:cloudwatch:${REGION}:${ACCOUNTS.production}:alarm:shop-production-5xx`);
    const alarmReader = iam.Role.fromRoleArn(this, 'ProductionAlarmReader',
      `arn:aws:iam::${ACCOUNTS.production}:role/shop-pipeline-alarm-reader`, { mutable: false });

    const source = Source.connection('acme/shop', 'main', { connectionArn: props.connectionArn });
    const commit = ActionVariable.of(source, 'CommitId');
    const freeze = new PipelineVariable('Freeze', { defaultValue: 'no', description: 'Set to yes to stop releases before production' });
    const deployShop = (environment: string, account: string) => Deploy.cloudFormation({
      actionName: `Deploy-${environment}`,
      stackName: `shop-${environment.toLowerCase()}`,
      templatePath: `cdk.out/Shop-${environment}.template.json`,
      deploymentRole: cfnExecRole(account, environment),
      parameterOverrides: { Release: commit.reference() },
    });

    // --- the pipeline ---
    this.delivery = new DeliveryPipeline(this, 'Shop', {
      source,
      triggers: [{ source, push: [{ branches: ['main'], filePaths: ['src/**', 'package*.json'] }] }],
      executionMode: codepipeline.ExecutionMode.QUEUED,
      variables: [freeze],
      buildStep: Build.codeBuild({ commands: ['npm ci', 'npm run build', 'npx cdk synth'] }),
      tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm ci', 'npm test'] })],
      environments: [
        { name: 'Development', deploy: deployShop('Development', ACCOUNTS.pipeline) },
        {
          name: 'Staging',
          deploy: deployShop('Staging', ACCOUNTS.pipeline),
          tests: [Test.codeBuild({ actionName: 'Acceptance', commands: ['npm ci', 'npm run test:acceptance'] })],
          alarms: [stagingErrors],
          bakeTime: Duration.minutes(15),
        },
        {
          name: 'Production',
          account: ACCOUNTS.production,
          deploy: deployShop('Production', ACCOUNTS.production),
          alarms: [productionErrors],
          alarmRole: alarmReader,
          conditions: {
            beforeEntry: {
              result: EntryResult.FAIL,
              rules: [
                ConditionRule.deploymentWindow({ cron: '* 0-59 9-15 ? * MON-THU', timeZone: 'Europe/Berlin' }),
                ConditionRule.variableCheck({ variable: freeze.reference(), comparison: VariableOperator.EQUALS, value: 'no' }),
                ConditionRule.cloudWatchAlarm(productionErrors, { role: alarmReader }),
              ],
            },
          },
        },
      ],
      monitoring: { emails: ['ops@acme.example'] },
    });
    // --- end of the pipeline ---
    acknowledgeEnvironmentsPipelineFindings(this.delivery);
  }
}

/** Builds the example app. */
export function buildEnvironmentsApp(app: App): ShopEnvironmentsStack {
  return new ShopEnvironmentsStack(app, 'ShopEnvironments', {
    env: { account: ACCOUNTS.pipeline, region: REGION },
    connectionArn: app.node.tryGetContext('connectionArn')
      ?? `arn:aws:codeconnections:${REGION}:${ACCOUNTS.pipeline}:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
  });
}
