import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildEnvironmentsApp } from '../../examples/environments/environments-pipeline-stack';
import { ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS } from '../../examples/environments/nag-acknowledgements';
import { SHOP_STAGE_ACKNOWLEDGEMENTS } from '../../examples/environments/shop-stage';

// Built-in CloudFormation validation off here: the app's validity (validation on) and its cdk-nag packs are
// in test/compliance.test.ts, which pays the validator's cold start once for every example.
const app = new App({ builtinCloudFormationValidation: false });
const stack = buildEnvironmentsApp(app);
const template = Template.fromStack(stack);


test('development → staging → approval → production, production in another account', () => {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const stages = pipeline.Properties.Stages;
  expect(stages.map((s: any) => s.Name)).toEqual(['Source', 'UpdatePipeline', 'Build', 'Test', 'Development', 'Staging', 'Approve-Production', 'Production']);
  const production = stages[7];
  expect(production.Actions.map((a: any) => a.Name)).toEqual(['Assets', 'Shop.Prepare', 'Shop.Deploy']);
  expect(JSON.stringify(production.Actions[1].RoleArn)).toContain(':iam::210987654321:role/cdk-hnb659fds-deploy-role-210987654321-eu-west-1');
  expect(production.OnFailure).toEqual({ Result: 'ROLLBACK' });
  expect(production.BeforeEntry.Conditions[0].Rules.map((r: any) => r.RuleTypeId.Provider)).toEqual(['DeploymentWindow', 'VariableCheck', 'CloudWatchAlarm']);
  expect(production.OnSuccess.Conditions[0].Rules[0].RoleArn).toBe('arn:aws:iam::210987654321:role/shop-pipeline-alarm-reader');
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    ExecutionMode: 'QUEUED',
    Variables: [Match.objectLike({ Name: 'Freeze', DefaultValue: 'no' })],
    Triggers: [Match.objectLike({ GitConfiguration: Match.objectLike({ SourceActionName: 'shop' }) })],
  });
});

const ENVIRONMENTS: Array<[string, string]> = [['Development', '123456789012'], ['Staging', '123456789012'], ['Production', '210987654321']];

test.each(ENVIRONMENTS)('%s: one CodeBuild action publishes the stage\'s assets with cdk-assets, then change sets deploy as the bootstrap roles of %s', (name, account) => {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  const stage = pipeline.Properties.Stages.find((s: any) => s.Name === name);
  const codeBuild = stage.Actions.filter((a: any) => a.ActionTypeId.Provider === 'CodeBuild' && a.Name === 'Assets');
  expect(codeBuild).toHaveLength(1);
  const project = template.toJSON().Resources[codeBuild[0].Configuration.ProjectName.Ref];
  const spec = JSON.parse(project.Properties.Source.BuildSpec);
  expect(spec.phases.build.commands[0]).toBe(`cd cdk.out/assembly-${name}`);
  // The stage's two assets: the API function's file asset and the worker's Docker image asset.
  const publishes = spec.phases.build.commands[1].split('\n').filter((l: string) => l.startsWith('cdk-assets'));
  expect(publishes).toHaveLength(2);
  for (const line of publishes) expect(line).toMatch(new RegExp(`^cdk-assets --path ${name}Shop[0-9A-F]{8}\\.assets\\.json --verbose publish [0-9a-f]{64}:${account}-eu-west-1`));
  expect(project.Properties.Environment.PrivilegedMode).toBe(true);
  const deploys = stage.Actions.filter((a: any) => a.ActionTypeId.Provider === 'CloudFormation');
  expect(deploys.map((a: any) => a.Configuration.ActionMode)).toEqual(['CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE']);
  for (const action of deploys) {
    expect(JSON.stringify(action.RoleArn)).toContain(`:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-west-1`);
  }
  expect(JSON.stringify(deploys[0].Configuration.RoleArn)).toContain(`:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-eu-west-1`);
  expect(deploys[0].Configuration.TemplatePath).toMatch(new RegExp(`^Synth_Output::cdk\\.out/assembly-${name}/${name}Shop[0-9A-F]{8}\\.template\\.json$`));
});

test('the build synthesizes the app and outputs only the cloud assembly', () => {
  const synth = template.toJSON().Resources[Object.keys(template.findResources('AWS::CodeBuild::Project')).find(id => id.startsWith('ShopBuildSynth'))!];
  expect(JSON.parse(synth.Properties.Source.BuildSpec)).toMatchObject({
    phases: { build: { commands: ['npm ci', 'npm run build', 'npx cdk synth'] } },
    artifacts: { files: ['cdk.out/**/*'] },
  });
});

test('the artifact key is rotated and admits the production deploy role only', () => {
  template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('shared with account\\(s\\) 210987654321') });
});

test('every acknowledgement gives a reason', () => {
  for (const ack of [...ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS, ...SHOP_STAGE_ACKNOWLEDGEMENTS]) expect(ack.reason.length).toBeGreaterThan(30);
});
