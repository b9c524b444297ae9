import { App, Duration, Stack, StackProps, Stage } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeEnvironmentsPipelineFindings } from './nag-acknowledgements';
import { ShopStage } from './shop-stage';
import {
  Build, ConditionRule, DeliveryPipeline, Deploy, EntryResult, PipelineVariable, Source, Test,
  VariableOperator,
} from '../../src';

/** The accounts of the shop's environments. */
export const ACCOUNTS = { pipeline: '123456789012', production: '210987654321' };
const REGION = 'eu-west-1';

/** What the promotion pipeline needs to know about the shop's infrastructure. */
export interface ShopEnvironmentsStackProps extends StackProps {
  /** The AWS CodeConnections connection to the shop's GitHub organisation. */
  readonly connectionArn: string;

  /** The shop's application in each environment, in promotion order: development, staging, production. */
  readonly stages: { readonly development: Stage; readonly staging: Stage; readonly production: Stage };
}

/**
 * One pipeline that promotes the same build of the shop's CDK app (a `cdk.Stage` with a Lambda function
 * from a file asset and one from a Docker image asset) through development, staging and production.
 * Each environment publishes the stage's assets in one CodeBuild action, then deploys its stacks with
 * change sets as the CDK bootstrap roles of its account. Production lives in another account: the
 * pipeline encrypts artifacts with a customer managed key that admits exactly its deploy role.
 */
export class ShopEnvironmentsStack extends Stack {
  public readonly delivery: DeliveryPipeline;

  constructor(scope: Construct, id: string, props: ShopEnvironmentsStackProps) {
    super(scope, id, props);
    const stagingErrors = cloudwatch.Alarm.fromAlarmArn(this, 'StagingErrors',
      `arn:aws:cloudwatch:${REGION}:${ACCOUNTS.pipeline}:alarm:shop-staging-5xx`);
    const productionErrors = cloudwatch.Alarm.fromAlarmArn(this, 'ProductionErrors',
      `arn:aws:cloudwatch:${REGION}:${ACCOUNTS.production}:alarm:shop-production-5xx`);
    const alarmReader = iam.Role.fromRoleArn(this, 'ProductionAlarmReader',
      `arn:aws:iam::${ACCOUNTS.production}:role/shop-pipeline-alarm-reader`, { mutable: false });

    const source = Source.connection('acme/shop', 'main', { connectionArn: props.connectionArn });
    const freeze = new PipelineVariable('Freeze', { defaultValue: 'no', description: 'Set to yes to stop releases before production' });

    // --- the pipeline ---
    this.delivery = new DeliveryPipeline(this, 'Shop', {
      source,
      selfMutation: {}, // UpdatePipeline: `cdk deploy` of this stack, before anything else runs
      triggers: [{ source, push: [{ branches: ['main'], filePaths: ['src/**', 'package*.json'] }] }],
      executionMode: codepipeline.ExecutionMode.QUEUED,
      variables: [freeze],
      buildStep: Build.cdkSynth({ commands: ['npm ci', 'npm run build', 'npx cdk synth'] }),
      tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm ci', 'npm test'] })],
      environments: [
        { name: 'Development', deploy: Deploy.cdkStage(props.stages.development) },
        {
          name: 'Staging',
          deploy: Deploy.cdkStage(props.stages.staging),
          tests: [Test.codeBuild({ actionName: 'Acceptance', commands: ['npm ci', 'npm run test:acceptance'] })],
          alarms: [stagingErrors],
          bakeTime: Duration.minutes(15),
        },
        {
          name: 'Production',
          account: ACCOUNTS.production,
          deploy: Deploy.cdkStage(props.stages.production),
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
  // The stages are built first: the pipeline reads their cloud assemblies (templates, asset manifests).
  const stages = {
    development: new ShopStage(app, 'Development', { env: { account: ACCOUNTS.pipeline, region: REGION } }),
    staging: new ShopStage(app, 'Staging', { env: { account: ACCOUNTS.pipeline, region: REGION } }),
    production: new ShopStage(app, 'Production', { env: { account: ACCOUNTS.production, region: REGION } }),
  };
  return new ShopEnvironmentsStack(app, 'ShopEnvironments', {
    env: { account: ACCOUNTS.pipeline, region: REGION },
    stages,
    connectionArn: app.node.tryGetContext('connectionArn')
      ?? `arn:aws:codeconnections:${REGION}:${ACCOUNTS.pipeline}:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789`,
  });
}
