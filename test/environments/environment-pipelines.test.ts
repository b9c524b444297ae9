import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Build, DeliveryPipelineProps, Deploy, EnvironmentPipelines, Source } from '../../src';
import { CONNECTION_ARN, testStack } from '../util';

const connection = (branch: string) => Source.connection('acme/shop', branch, { connectionArn: CONNECTION_ARN });

function perEnvironment(props: (stack: ReturnType<typeof testStack>) => Partial<DeliveryPipelineProps>) {
  const stack = testStack();
  const deploy = (name: string) => Deploy.cloudFormation({
    stackName: `shop-${name}`,
    templatePath: 'Shop.template.json',
    deploymentRole: iam.Role.fromRoleArn(stack, `${name}Exec`, 'arn:aws:iam::111111111111:role/cfn-exec', { mutable: false }),
  });
  const pipelines = new EnvironmentPipelines(stack, 'Shop', {
    source: connection('main'),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    environments: [
      { name: 'Dev', deploy: deploy('dev'), source: connection('develop') },
      { name: 'Prod', deploy: deploy('prod') },
    ],
    ...props(stack),
  });
  const template = Template.fromStack(stack);
  const rendered = Object.values(template.findResources('AWS::CodePipeline::Pipeline')).map((p: any) => p.Properties);
  return { pipelines, rendered };
}

test('one pipeline per environment, each with only its environment and its own source', () => {
  const { pipelines, rendered } = perEnvironment(() => ({ pipelineName: 'shop' }));
  expect(pipelines.pipelines.map(p => p.pipelineName)).toEqual(['shop-Dev', 'shop-Prod']);
  expect(pipelines.pipelineFor('Prod')).toBe(pipelines.pipelines[1]);
  const byName = Object.fromEntries(rendered.map(p => [p.Name, p]));
  expect(byName['shop-Dev'].Stages.map((s: any) => s.Name)).toEqual(['Source', 'Build', 'Dev']);
  expect(byName['shop-Prod'].Stages.map((s: any) => s.Name)).toEqual(['Source', 'Build', 'Approve-Prod', 'Prod']);
  expect(byName['shop-Dev'].Stages[0].Actions[0].Configuration.BranchName).toBe('develop');
  expect(byName['shop-Prod'].Stages[0].Actions[0].Configuration.BranchName).toBe('main');
  expect(byName['shop-Prod'].Stages[3].OnFailure).toEqual({ Result: 'ROLLBACK' });
});

test('without a pipeline name each pipeline derives its own', () => {
  const { pipelines } = perEnvironment(() => ({}));
  expect(new Set(pipelines.pipelines.map(p => p.pipelineName)).size).toBe(2);
});

test('no environments', () => {
  expect(() => perEnvironment(() => ({ environments: [] }))).toThrow(/EnvironmentPipelines creates one pipeline per environment, but 'environments' is empty/);
});

test('an unknown environment name', () => {
  const { pipelines } = perEnvironment(() => ({}));
  expect(() => pipelines.pipelineFor('Staging')).toThrow(/no environment is called 'Staging' \(environments: 'Dev', 'Prod'\)/);
});

test('shared triggers with environment sources', () => {
  const source = connection('main');
  expect(() => perEnvironment(() => ({ source, triggers: [{ source, push: [{ branches: ['main'] }] }] })))
    .toThrow(/'triggers' name the shared 'source', but some environments have their own 'source'/);
});
