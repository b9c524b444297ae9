import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { COMPLIANCE_PACK_ACKNOWLEDGEMENTS, SHOP_PIPELINE_ACKNOWLEDGEMENTS } from '../../examples/nag-acknowledgements';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { testNagPacks } from '../nag';

// The example runs with aws-cdk-lib's built-in CloudFormation validation ON (the default): a template
// the validator rejects fails this test.
const app = new App();
const stack = buildApp(app);
const template = Template.fromStack(stack);

test('the seed pipeline: source, build, two parallel tests, approval, ECS deploy, Lambda invoke', () => {
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    PipelineType: 'V2',
    Stages: [
      Match.objectLike({ Name: 'Source', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }) })] }),
      Match.objectLike({ Name: 'Build', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeBuild' }) })] }),
      Match.objectLike({
        Name: 'Test',
        Actions: [
          Match.objectLike({ Name: 'Unit', RunOrder: 1 }),
          Match.objectLike({ Name: 'Lint', RunOrder: 1 }),
        ],
      }),
      Match.objectLike({ Name: 'Approve', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Category: 'Approval', Provider: 'Manual' }) })] }),
      Match.objectLike({ Name: 'Deploy', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'ECS' }) })] }),
      Match.objectLike({ Name: 'Invoke', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'Lambda' }) })] }),
    ],
  });
});

test('the build reads the npm token from Secrets Manager, never in plaintext', () => {
  template.hasResourceProperties('AWS::CodeBuild::Project', {
    Environment: Match.objectLike({
      EnvironmentVariables: [{ Name: 'NPM_TOKEN', Type: 'SECRETS_MANAGER', Value: Match.anyValue() }],
    }),
  });
  const projects = template.findResources('AWS::CodeBuild::Project');
  const variables = Object.values(projects).flatMap((p: any) => p.Properties.Environment.EnvironmentVariables ?? []);
  expect(variables).toHaveLength(1);
  expect(JSON.stringify(variables[0].Value)).toContain(':secret:shop/npm-token');
});

test('the synthesized cloud assembly is valid (built-in validation on) and names the pipeline for the CLI', () => {
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const entries = artifact.findMetadataByType('cdk-delivery-pipeline:pipeline');
  expect(entries.map(e => e.data)).toEqual([{
    pipelineName: stack.delivery.pipelineName,
    stackName: 'ShopPipeline',
    constructPath: 'ShopPipeline/Shop',
  }]);
});

testNagPacks(stack);

test('every acknowledgement gives a reason', () => {
  for (const ack of [...SHOP_PIPELINE_ACKNOWLEDGEMENTS, ...COMPLIANCE_PACK_ACKNOWLEDGEMENTS]) {
    expect(ack.reason.length).toBeGreaterThan(30);
  }
});

test('snapshot of the example template', () => {
  expect(template.toJSON()).toMatchSnapshot();
});
