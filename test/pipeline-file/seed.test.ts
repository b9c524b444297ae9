import * as fs from 'fs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SEED_FILE, SEED_PARAMETERS, seedOptions } from './helpers';
import { DeliveryPipeline, MissingValues } from '../../src';
import { CONNECTION_ARN, testStack } from '../util';

const SHARED_SEED = '/work/shared/seed/codepipeline-overview.md';

/** Section 4's YAML block of the seed document. */
function seedSectionYaml(markdown: string): string {
  const section = markdown.slice(markdown.indexOf('## 4 '));
  return /```yaml\n([\s\S]*?)```/.exec(section)![1];
}

describe('the seed example (codepipeline-overview.md, section 4)', () => {
  test('the fixture is the seed document\'s YAML, verbatim', () => {
    if (!fs.existsSync(SHARED_SEED)) return; // the fixture stands in when the shared folder is absent
    expect(fs.readFileSync(SEED_FILE, 'utf8')).toBe(seedSectionYaml(fs.readFileSync(SHARED_SEED, 'utf8')));
  });

  test('loads as written: GitHub is a CodeConnections source, CodeBuild builds buildspec.yml, ECS deploys', () => {
    const stack = testStack();
    const pipeline = DeliveryPipeline.fromFile(stack, 'App', seedOptions(stack));
    expect(pipeline.pipelineName).toBe('MyAppPipeline');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Name: 'MyAppPipeline',
      PipelineType: 'V2',
      Stages: [
        Match.objectLike({
          Name: 'Source',
          Actions: [Match.objectLike({
            Name: 'SourceAction',
            ActionTypeId: Match.objectLike({ Category: 'Source', Provider: 'CodeStarSourceConnection' }),
            Configuration: Match.objectLike({ ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'main' }),
          })],
        }),
        Match.objectLike({
          Name: 'Build',
          Actions: [Match.objectLike({ Name: 'BuildAction', ActionTypeId: Match.objectLike({ Provider: 'CodeBuild' }) })],
        }),
        Match.objectLike({
          Name: 'Deploy',
          Actions: [Match.objectLike({
            Name: 'DeployAction',
            ActionTypeId: Match.objectLike({ Category: 'Deploy', Provider: 'ECS' }),
            Configuration: Match.objectLike({ ClusterName: 'shop', ServiceName: 'shop-web' }),
          })],
        }),
      ],
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'CODEPIPELINE', BuildSpec: 'buildspec.yml' }),
    });
  });

  // Its built-in CloudFormation validation (on) is in test/compliance.test.ts.

  test('as written, every value it leaves out is a deploy-time parameter with a description', () => {
    const stack = testStack();
    DeliveryPipeline.fromFile(stack, 'App', { file: SEED_FILE });
    const template = Template.fromStack(stack).toJSON();
    const parameters = Object.keys(template.Parameters).filter(p => p !== 'BootstrapVersion');
    expect(parameters).toEqual(SEED_PARAMETERS);
    expect(template.Parameters.DeployDeployActionClusterName.Description)
      .toBe("ClusterName of the ECS action 'DeployAction' (stage 'Deploy'): the cluster of the service to deploy (e.g. shop)");
    const stages = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::CodePipeline::Pipeline').Properties.Stages;
    expect(stages[0].Actions[0].Configuration).toMatchObject({ ConnectionArn: { Ref: 'SourceSourceActionConnectionArn' }, BranchName: { Ref: 'SourceSourceActionBranchName' } });
    // aws-cdk-lib's source joins the owner and the repository again: still the parameter's value.
    expect(JSON.stringify(stages[0].Actions[0].Configuration.FullRepositoryId)).toContain('{"Ref":"SourceSourceActionFullRepositoryId"}');
    expect(stages[2].Actions[0].Configuration).toMatchObject({ ClusterName: { Ref: 'DeployDeployActionClusterName' }, ServiceName: { Ref: 'DeployDeployActionServiceName' } });
  });

  test('with MissingValues.ERROR, every missing piece is reported at once, with lines', () => {
    const stack = testStack();
    expect(() => DeliveryPipeline.fromFile(stack, 'App', { file: SEED_FILE, missingValues: MissingValues.ERROR })).toThrow(
      /5 problems[\s\S]*stages\[0\]\.actions\[0\] \(line 6, column 10\): configuration 'FullRepositoryId' is required[\s\S]*configuration 'BranchName' is required[\s\S]*configuration 'ConnectionArn' is required[\s\S]*stages\[2\]\.actions\[0\] \(line 22, column 10\): configuration 'ClusterName' is required for this provider \(e\.g\. 'shop' \(or pass the service in PipelineFileOptions\.services\)\)[\s\S]*configuration 'ServiceName' is required/,
    );
  });
});
