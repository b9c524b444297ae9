import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Build, ConditionRule, DeliveryPipeline, DeliveryPipelineProps, Deploy, Source } from '../../src';
import { checkIam, IamReport } from '../../src/iam/check';
import { CONNECTION_ARN, ENV, importedService } from '../util';

/**
 * The three grants of the issue "IAM proven by simulation" that deployed and then failed with
 * AccessDenied, each checked by simulation (they fail on the code before the fix).
 */
async function check(props: (stack: Stack) => Partial<DeliveryPipelineProps>, context: Record<string, unknown> = {}): Promise<IamReport> {
  const app = new App({ builtinCloudFormationValidation: false, context } as any);
  const stack = new Stack(app, 'Regression', { env: ENV });
  new DeliveryPipeline(stack, 'Pipeline', {
    source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    ...props(stack),
  });
  return checkIam(app);
}

function role(report: IamReport, pathPart: string) {
  const found = report.roles.find(r => r.role.includes(pathPart));
  if (!found) throw new Error(`no role ${pathPart} in ${report.roles.map(r => r.role).join(', ')}`);
  return found;
}

function decision(report: IamReport, pathPart: string, action: string, resource?: string): string[] {
  return role(report, pathPart).calls.filter(c => c.action === action && (!resource || c.resource === resource)).map(c => c.decision);
}

describe('ECS deploy of an imported service', () => {
  // test/util's imported service: cluster 'shop', service 'shop-web', its task definition and roles.
  const ecsDeploy = (stack: Stack) => ({ deploy: Deploy.ecs(importedService(stack)) });
  const longArn = `arn:aws:ecs:${ENV.region}:${ENV.account}:service/shop/shop-web`;

  test.each([
    ['without the feature flag @aws-cdk/aws-ecs:arnFormatIncludesClusterName', {}],
    ['with it', { [cxapi.ECS_ARN_FORMAT_INCLUDES_CLUSTER_NAME]: true }],
  ])('%s: UpdateService and DescribeServices on service/<cluster>/<name> are allowed, no dead grant', async (_name, flags) => {
    const report = await check(ecsDeploy, flags);
    expect(decision(report, 'DeployECS', 'ecs:UpdateService', longArn)).toEqual(['Allowed']);
    expect(decision(report, 'DeployECS', 'ecs:DescribeServices', longArn)).toEqual(['Allowed']);
    expect(report.findings.filter(f => f.role.includes('DeployECS'))).toEqual([]);
  });
});

test('ECS deploy of an imported service without its task definition: iam:PassRole to ECS tasks only, no dead grant', async () => {
  const report = await check(stack => ({ deploy: Deploy.ecs({ service: importedService(stack).service }) }));
  const passRole = role(report, 'DeployECS').calls.filter(c => c.action === 'iam:PassRole');
  expect(passRole.map(c => c.decision)).toEqual(['Allowed']);
  // ... but not to another service (a documented denied call).
  const toOtherService = role(report, 'DeployECS').denied.filter(c => c.action === 'iam:PassRole' && c.note === 'a role passed to another service than ECS tasks');
  expect(toOtherService.map(c => c.decision)).toEqual(['ImplicitlyDenied']);
  expect(report.findings.filter(f => f.role.includes('DeployECS'))).toEqual([]);
});

test('Elastic Beanstalk: the Auto Scaling calls on awseb-* groups are allowed (autoScalingGroup:<id>:autoScalingGroupName/<name>)', async () => {
  const report = await check(() => ({ deploy: Deploy.elasticBeanstalk({ applicationName: 'shop', environmentName: 'shop-prod' }) }));
  const beanstalk = role(report, 'DeployBeanstalk');
  const autoscaling = beanstalk.calls.filter(c => c.action.startsWith('autoscaling:') && c.resource !== '*');
  expect(autoscaling.length).toBeGreaterThan(0);
  for (const call of autoscaling) {
    expect(call.resource).toMatch(/:autoScalingGroup:[^:]+:autoScalingGroupName\/awseb-/);
    expect(`${call.action} ${call.decision}`).toBe(`${call.action} Allowed`);
  }
  expect(report.findings.filter(f => f.role.includes('DeployBeanstalk'))).toEqual([]);
});

test('stack sets: the first run of a new stack set may create it (cloudformation:CreateStackSet on *)', async () => {
  const report = await check(() => ({
    deploy: Deploy.cloudFormationStackSet({ stackSetName: 'shop-baseline', templatePath: 'baseline.json', accounts: ['222222222222'], regions: ['eu-west-1'] }),
  }));
  expect(decision(report, 'StackSetshopbaseline/ActionRole', 'cloudformation:CreateStackSet')).toEqual(['Allowed']);
  expect(report.findings.filter(f => f.role.includes('StackSet'))).toEqual([]);
});

test('stage-condition rules: the alarm and Lambda rules record their calls on the pipeline role, each allowed by simulation', async () => {
  const report = await check(stack => {
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Errors', `arn:aws:cloudwatch:${ENV.region}:${ENV.account}:alarm:shop-errors`);
    const fn = lambda.Function.fromFunctionArn(stack, 'Health', `arn:aws:lambda:${ENV.region}:${ENV.account}:function:shop-health`);
    return {
      deploy: Deploy.ecs(importedService(stack)),
      deployConditions: {
        beforeEntry: { rules: [ConditionRule.lambdaFunction(fn)] },
        onSuccess: { rules: [ConditionRule.cloudWatchAlarm(alarm)] },
      },
    };
  });
  expect(decision(report, 'PipelineRole', 'cloudwatch:DescribeAlarms')).toEqual(['Allowed']);
  expect(decision(report, 'PipelineRole', 'cloudwatch:DescribeAlarmHistory')).toEqual(['Allowed']);
  expect(decision(report, 'PipelineRole', 'lambda:InvokeFunction')).toEqual(['Allowed']);
  expect(report.findings.filter(f => f.role.includes('PipelineRole'))).toEqual([]);
});
