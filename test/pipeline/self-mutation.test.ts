import { App, Stack } from 'aws-cdk-lib';
import { Build, DeliveryPipeline, Source } from '../../src';
import { DocumentedCalls } from '../../src/iam/documented-calls';
import { CONNECTION_ARN, ENV, synthPipeline } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });
const role = (kind: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ENV.account}:role/cdk-hnb659fds-${kind}-role-${ENV.account}-${ENV.region}`]],
});

test('self-mutation runs first: UpdatePipeline right after Source, before the build, and the pipeline restarts on update', () => {
  const { template, pipeline } = synthPipeline(() => ({ source: source(), buildStep: Build.cdkSynth(), selfMutation: {} }));
  const props = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties;
  expect(props.Stages.map((s: any) => s.Name)).toEqual(['Source', 'UpdatePipeline', 'Build']);
  expect(props.RestartExecutionOnUpdate).toBe(true);
  const project = template.toJSON().Resources[props.Stages[1].Actions[0].Configuration.ProjectName.Ref];
  expect(JSON.parse(project.Properties.Source.BuildSpec).phases.build.commands).toEqual(['npm ci', 'npx cdk deploy Test --exclusively --require-approval never']);
  expect(project.Properties.Environment.PrivilegedMode).toBe(false);
  // It may assume exactly the pipeline account's bootstrap roles that `cdk deploy` uses.
  const statements = (Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[])
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: project.Properties.ServiceRole['Fn::GetAtt'][0] }]))
    .flatMap(p => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => s.Action === 'sts:AssumeRole');
  expect(statements).toEqual([{
    Action: 'sts:AssumeRole',
    Effect: 'Allow',
    Resource: [role('deploy'), role('file-publishing'), role('image-publishing'), role('lookup')],
  }]);
  const projectRole = pipeline.projects[0].role!;
  expect(DocumentedCalls.of(projectRole).map(c => c.action).filter(a => a.startsWith('sts:'))).toEqual(['sts:AssumeRole', 'sts:AssumeRole', 'sts:AssumeRole', 'sts:AssumeRole']);
  expect(DocumentedCalls.deniedOf(projectRole).map(c => c.reason)).toContainEqual(expect.stringMatching(/CloudFormation execution role/));
});

test('custom commands and qualifier; no self-mutation by default', () => {
  const { template } = synthPipeline(() => ({
    source: source(), buildStep: Build.cdkSynth(), selfMutation: { commands: ['npm ci', 'npx cdk deploy Pipeline'], qualifier: 'shop' },
  }));
  expect(JSON.stringify(template.toJSON())).toContain(`cdk-shop-deploy-role-${ENV.account}-${ENV.region}`);
  const plain = synthPipeline(() => ({ source: source(), buildStep: Build.cdkSynth() }));
  const props = (Object.values(plain.template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties;
  expect(props.Stages.map((s: any) => s.Name)).toEqual(['Source', 'Build']);
  expect(props.RestartExecutionOnUpdate).toBe(false);
});

test('bad input: an environment-agnostic pipeline stack, an invalid qualifier', () => {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Agnostic');
  expect(() => new DeliveryPipeline(stack, 'P', { source: source(), buildStep: Build.cdkSynth(), selfMutation: {} }))
    .toThrow(/Agnostic\/P\/UpdatePipeline\/SelfMutate: 'selfMutation' deploys the pipeline's stack as the CDK bootstrap roles of its account and region, but the stack is environment-agnostic/);
  expect(() => synthPipeline(() => ({ source: source(), selfMutation: { qualifier: 'not a qualifier' } })))
    .toThrow(/selfMutation.qualifier must be 1 to 10 letters/);
});
