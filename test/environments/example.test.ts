import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildEnvironmentsApp } from '../../examples/environments/environments-pipeline-stack';
import { ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS } from '../../examples/environments/nag-acknowledgements';
import { testNagPacks } from '../nag';

// Built-in CloudFormation validation ON (the default): a template the validator rejects fails this test.
const app = new App();
const stack = buildEnvironmentsApp(app);
const template = Template.fromStack(stack);

testNagPacks(stack);

test('development → staging → approval → production, production in another account', () => {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const stages = pipeline.Properties.Stages;
  expect(stages.map((s: any) => s.Name)).toEqual(['Source', 'Build', 'Test', 'Development', 'Staging', 'Approve-Production', 'Production']);
  const production = stages[6];
  expect(JSON.stringify(production.Actions[0].RoleArn)).toContain(':iam::210987654321:role/cdk-hnb659fds-deploy-role-210987654321-eu-west-1');
  expect(production.OnFailure).toEqual({ Result: 'ROLLBACK' });
  expect(production.BeforeEntry.Conditions[0].Rules.map((r: any) => r.RuleTypeId.Provider)).toEqual(['DeploymentWindow', 'VariableCheck', 'CloudWatchAlarm']);
  expect(production.OnSuccess.Conditions[0].Rules[0].RoleArn).toBe('arn:aws:iam::210987654321:role/shop-pipeline-alarm-reader');
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    ExecutionMode: 'QUEUED',
    Variables: [Match.objectLike({ Name: 'Freeze', DefaultValue: 'no' })],
    Triggers: [Match.objectLike({ GitConfiguration: Match.objectLike({ SourceActionName: 'shop' }) })],
  });
});

test('the artifact key is rotated and admits the production deploy role only', () => {
  template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('shared with account\\(s\\) 210987654321') });
});

test('the app synthesizes with built-in CloudFormation validation on', () => {
  expect(() => app.synth()).not.toThrow();
});

test('every acknowledgement gives a reason', () => {
  for (const ack of ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS) expect(ack.reason.length).toBeGreaterThan(30);
});
