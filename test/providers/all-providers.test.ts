import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildAllProvidersApp } from '../../examples/all-providers/all-providers-stack';
import { ALL_PROVIDERS_ACKNOWLEDGEMENTS } from '../../examples/all-providers/nag-acknowledgements';
import { testNagPacks } from '../nag';

/** Built-in CloudFormation validation ON: `new App()`. */
function buildAllProviders(stageStacks = false) {
  return buildAllProvidersApp(new App(), stageStacks);
}

const stack = buildAllProviders();

test('every provider synthesizes into one valid V2 pipeline (built-in CloudFormation validation on)', () => {
  const assembly = (stack.node.root as App).synth();
  expect(assembly.getStackByName(stack.stackName).template).toBeDefined();
  const pipeline = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const providers = new Set<string>(pipeline.Properties.Stages.flatMap((s: any) => s.Actions.map((a: any) =>
    `${a.ActionTypeId.Category}/${a.ActionTypeId.Owner}/${a.ActionTypeId.Provider}`)));
  expect([...providers].sort()).toEqual([
    'Approval/AWS/Manual',
    'Build/AWS/CodeBuild', 'Build/AWS/ECRBuildAndPublish', 'Build/Custom/ShopJenkins', 'Build/ThirdParty/TeamCity',
    'Compute/AWS/Commands',
    'Deploy/AWS/AppConfig', 'Deploy/AWS/CloudFormation', 'Deploy/AWS/CloudFormationStackInstances', 'Deploy/AWS/CloudFormationStackSet',
    'Deploy/AWS/CodeDeploy', 'Deploy/AWS/CodeDeployToECS', 'Deploy/AWS/EC2', 'Deploy/AWS/ECS', 'Deploy/AWS/EKS', 'Deploy/AWS/ElasticBeanstalk',
    'Deploy/AWS/Lambda', 'Deploy/AWS/S3', 'Deploy/AWS/ServiceCatalog',
    'Invoke/AWS/CodePipeline', 'Invoke/AWS/InspectorScan', 'Invoke/AWS/Lambda', 'Invoke/AWS/StepFunctions',
    'Source/AWS/CodeCommit', 'Source/AWS/CodeStarSourceConnection', 'Source/AWS/ECR', 'Source/AWS/S3',
    'Test/AWS/CodeBuild', 'Test/AWS/DeviceFarm', 'Test/Custom/ShopJenkins', 'Test/ThirdParty/BlazeMeter',
  ]);
});

test('every provider also synthesizes with one nested stack per stage (stageStacks)', () => {
  const nested = buildAllProviders(true);
  const assembly = (nested.node.root as App).synth();
  expect(assembly.getStackByName(nested.stackName).template.Resources).toBeDefined();
  expect(Template.fromStack(nested).findResources('AWS::CloudFormation::Stack')).not.toEqual({});
});

testNagPacks(stack);

test('every acknowledgement is exact and gives a reason', () => {
  for (const ack of ALL_PROVIDERS_ACKNOWLEDGEMENTS) {
    expect(ack.id).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
    expect(ack.reason.length).toBeGreaterThan(30);
  }
});
