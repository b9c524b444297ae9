import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { testNagPacks } from './nag';
import { buildAllProvidersApp } from '../examples/all-providers/all-providers-stack';
import { ALL_PROVIDERS_ACKNOWLEDGEMENTS } from '../examples/all-providers/nag-acknowledgements';
import { buildEnvironmentsApp } from '../examples/environments/environments-pipeline-stack';
import { ShopStage } from '../examples/environments/shop-stage';
import { buildApp } from '../examples/shop-pipeline-stack';
import { seedOptions } from './pipeline-file/helpers';
import { validSpecArb } from './properties/arbitraries';
import { runs } from './properties/runs';
import { CONNECTION_ARN, ENV, validatingApp } from './util';
import { DeliveryPipeline } from '../src';

/**
 * Compliance: aws-cdk-lib's built-in CloudFormation validation ON, failing the synth on any finding (`validatingApp()`:
 * without `@aws-cdk/core:validateAgainstDefaultRules` the validator only warns), and the cdk-nag
 * packs, over every example app, the seed pipeline file and generated pipeline files. In one suite, so the
 * validator's cold start (and cdk-nag's) is paid once; every other suite builds with validation off
 * (`new App({ builtinCloudFormationValidation: false })`, test/util.ts's `testStack()`).
 *
 * Each app is synthesized first (beforeAll: a template the validator rejects fails every test of its block),
 * so the cdk-nag packs see the synthesized tree, as in the suites they came from.
 */

describe('the seed example (examples/shop-pipeline-stack.ts)', () => {
  const app = validatingApp();
  const stack = buildApp(app);
  beforeAll(() => app.synth());

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
});

describe('the environments example (examples/environments)', () => {
  const app = validatingApp();
  const stack = buildEnvironmentsApp(app);
  beforeAll(() => app.synth());

  test('the app synthesizes with built-in CloudFormation validation on', () => {
    expect(() => app.synth()).not.toThrow();
  });

  testNagPacks(stack);
  describe.each(['Development', 'Staging', 'Production'])('the %s stage\'s stack', name => {
    testNagPacks((app.node.findChild(name) as ShopStage).service);
  });
});

describe('every provider (examples/all-providers)', () => {
  /** Built-in CloudFormation validation ON: `validatingApp()`. */
  function buildAllProviders(stageStacks = false) {
    return buildAllProvidersApp(validatingApp(), stageStacks);
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
});

describe('pipeline files', () => {
  test('the seed pipeline passes aws-cdk-lib\'s built-in CloudFormation validation', () => {
    const app = validatingApp();
    const stack = new Stack(app, 'Seed', { env: ENV });
    DeliveryPipeline.fromFile(stack, 'App', seedOptions(stack));
    expect(() => app.synth()).not.toThrow();
  });

  test('every accepted spec\'s template passes aws-cdk-lib\'s built-in CloudFormation validation', () => {
    fc.assert(fc.property(validSpecArb, spec => {
      const app = validatingApp();
      const stack = new Stack(app, 'Generated', { env: ENV });
      DeliveryPipeline.fromFile(stack, 'App', { text: YAML.stringify(spec), connections: { default: CONNECTION_ARN } });
      app.synth();
    }), { numRuns: runs(2) });
  });
});
