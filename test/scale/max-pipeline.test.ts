import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { maxPipelineProps } from '../../examples/max-pipeline';
import { DeliveryPipeline } from '../../src';
import { CONNECTION_ARN, ENV } from '../util';

describe('the largest pipeline CodePipeline allows (500 actions), with stageStacks', () => {
  // Built and synthesized once, before the block's tests (not at module load: a run filtered to the other
  // test does not pay for it), and shared by them.
  let delivery: DeliveryPipeline;
  let templates: Array<{ file: string; text: string }>;
  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Max', { env: ENV });
    delivery = new DeliveryPipeline(stack, 'Pipeline', { ...maxPipelineProps(CONNECTION_ARN), stageStacks: true });
    const assembly = app.synth();
    templates = fs.readdirSync(assembly.directory)
      .filter(f => f.endsWith('.template.json'))
      .map(f => ({ file: f, text: fs.readFileSync(path.join(assembly.directory, f), 'utf-8') }));
  });

  test('has 500 actions', () => {
    expect(delivery.pipeline.stages.reduce((n, s) => n + s.actions.length, 0)).toBe(500);
  });

  test('every stack stays within CloudFormation limits: 500 resources, 1 MB, 200 outputs, 200 parameters', () => {
    expect(templates).toHaveLength(1 + 12);
    for (const { file, text } of templates) {
      const template = JSON.parse(text);
      expect({ file, resources: Object.keys(template.Resources).length <= 500 }).toEqual({ file, resources: true });
      expect({ file, bytes: text.length <= 1_000_000 }).toEqual({ file, bytes: true });
      expect(Object.keys(template.Outputs ?? {}).length).toBeLessThanOrEqual(200);
      expect(Object.keys(template.Parameters ?? {}).length).toBeLessThanOrEqual(200);
    }
  });

  test('no IAM policy exceeds the managed policy size quota, and the pipeline role needs one statement to assume every action role', () => {
    for (const { text } of templates) {
      for (const resource of Object.values<any>(JSON.parse(text).Resources)) {
        if (resource.Type === 'AWS::IAM::ManagedPolicy') {
          // Tokens render longer than the ARNs they become, so this over-estimates the real size.
          expect(JSON.stringify(resource.Properties.PolicyDocument).length).toBeLessThanOrEqual(6_144);
        }
        expect(resource.Type).not.toBe('AWS::IAM::Policy');
      }
    }
    const parent = JSON.parse(templates.find(t => t.file === 'Max.template.json')!.text);
    const assume = Object.values<any>(parent.Resources)
      .filter(r => r.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap(r => r.Properties.PolicyDocument.Statement)
      .filter(s => s.Action === 'sts:AssumeRole');
    expect(assume).toHaveLength(1);
  });

  test('roles stay far below IAM\'s default quota of 1,000 per account: one per project, one per stage for CodeBuild actions', () => {
    const roles = templates.flatMap(({ text }) => Object.values<any>(JSON.parse(text).Resources).filter(r => r.Type === 'AWS::IAM::Role'));
    // 499 CodeBuild projects, 11 shared CodeBuild action roles, the source action, the pipeline.
    expect(roles.length).toBe(499 + 11 + 1 + 1);
  });
});

test('without stageStacks, a pipeline too big for one stack is a clear synth error', () => {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Max', { env: ENV });
  new DeliveryPipeline(stack, 'Pipeline', maxPipelineProps(CONNECTION_ARN));
  expect(() => app.synth()).toThrow(/Max\/Pipeline: the stack Max would hold \d+ resources, CloudFormation allows 500: set 'stageStacks: true'/);
});
