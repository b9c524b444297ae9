import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildEnvironmentsApp } from '../../examples/environments/environments-pipeline-stack';
import { ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS } from '../../examples/environments/nag-acknowledgements';

// Built-in CloudFormation validation ON (the default): a template the validator rejects fails this test.
const app = new App();
const stack = buildEnvironmentsApp(app);
const template = Template.fromStack(stack);

test('cdk-nag AwsSolutions: no finding without an exact, reasoned acknowledgement', () => {
  const report = new AwsSolutionsChecks().validateScope(stack);
  expect(report.violations.map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`)).toEqual([]);
});
