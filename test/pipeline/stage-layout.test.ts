import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Approval, Build, DeliveryPipeline, DeliveryPipelineProps, Deploy, FailureResult, PipelineArtifact, Source, Test } from '../../src';
import { CONNECTION_ARN, ENV, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function synth(props: (stack: ReturnType<typeof testStack>) => Omit<DeliveryPipelineProps, 'source'>) {
  const stack = testStack();
  new DeliveryPipeline(stack, 'Pipeline', { source: source(), ...props(stack) });
  const template = Template.fromStack(stack);
  const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages as any[];
  return { stages, stage: (name: string) => stages.find(s => s.Name === name) };
}

const exec = (stack: ReturnType<typeof testStack>) => iam.Role.fromRoleArn(stack, 'Exec', `arn:aws:iam::${ENV.account}:role/cfn-exec`, { mutable: false });

describe('stageLayout: the one ordered list of stages the named props are sugar for', () => {
  test('a test before the build, parallel builds, and stages named your way', () => {
    const { stages, stage } = synth(stack => ({
      stageLayout: [
        { stageName: 'Lint', steps: [Test.codeBuild({ actionName: 'Lint', commands: ['npm run lint'], input: PipelineArtifact.SOURCE_OUTPUT })] },
        { stageName: 'Compile', steps: [Build.codeBuild({ actionName: 'App', commands: ['make app'] }), Build.codeBuild({ actionName: 'Docs', commands: ['make docs'] })] },
        { stageName: 'Ship', steps: [Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: exec(stack), input: PipelineArtifact.fromStep('App') })], onFailure: { result: FailureResult.ROLLBACK } },
      ],
    }));
    expect(stages.map(s => s.Name)).toEqual(['Source', 'Lint', 'Compile', 'Ship']);
    expect(stage('Compile').Actions.map((a: any) => [a.Name, a.RunOrder])).toEqual([['App', 1], ['Docs', 1]]);
    expect(stage('Ship').OnFailure).toEqual({ Result: 'ROLLBACK' });
  });

  test('environments follow the layout, and `stages` follow the environments', () => {
    const { stages } = synth(stack => ({
      stageLayout: [{ stageName: 'Builds', steps: [Build.codeBuild({ actionName: 'A', commands: ['a'] }), Build.codeBuild({ actionName: 'B', commands: ['b'] })] }],
      environments: [{ name: 'Staging', deploy: Deploy.cloudFormation({ stackName: 'shop', templatePath: 'shop.json', deploymentRole: exec(stack), input: PipelineArtifact.fromStep('A') }) }],
      stages: [{ stageName: 'Announce', steps: [Approval.manual()] }],
    }));
    expect(stages.map(s => s.Name)).toEqual(['Source', 'Builds', 'Staging', 'Announce']);
  });

  test('the named props lay out the same stages as the equivalent stageLayout', () => {
    const named = synth(() => ({ buildStep: Build.codeBuild({ commands: ['make'] }), approval: Approval.manual() })).stages;
    const laidOut = synth(() => ({ stageLayout: [{ stageName: 'Build', steps: [Build.codeBuild({ commands: ['make'] })] }, { stageName: 'Approve', steps: [Approval.manual()] }] })).stages;
    expect(JSON.stringify(laidOut)).toEqual(JSON.stringify(named));
  });

  test('stageLayout with named props is an error naming the props that conflict', () => {
    expect(() => synth(() => ({
      buildStep: Build.codeBuild({ commands: ['make'] }),
      tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm test'] })],
      stageLayout: [{ stageName: 'Lint', steps: [Approval.manual()] }],
    }))).toThrow(/Test\/Pipeline: 'stageLayout' lays out every stage between Source and the environments, but 'buildStep' and 'tests' were given too: move them into 'stageLayout' \(e.g. \{ stageName: 'Build', steps: \[...\] \}\), or drop 'stageLayout'/);
    expect(() => synth(() => ({ approval: Approval.manual(), stageLayout: [{ stageName: 'Lint', steps: [Approval.manual()] }] })))
      .toThrow(/but 'approval' was given too: move it into 'stageLayout'/);
    // An empty list lays out no stage, so it does not conflict.
    expect(synth(() => ({ tests: [], stageLayout: [{ stageName: 'Gate', steps: [Approval.manual()] }] })).stages.map(s => s.Name)).toEqual(['Source', 'Gate']);
  });

  test('a duplicate stage name says which props create the stage', () => {
    expect(() => synth(() => ({ buildStep: Build.codeBuild({ commands: ['x'] }), stages: [{ stageName: 'Build', steps: [Approval.manual()] }] })))
      .toThrow(/two stages are called 'Build': 'buildStep' and 'stages\[0\]' both create it .*: rename one of them/);
    expect(() => synth(stack => ({
      stageLayout: [{ stageName: 'Prod', steps: [Approval.manual()] }],
      environments: [{ name: 'Prod', production: false, deploy: Deploy.s3({ bucket: new s3.Bucket(stack, 'Site'), input: PipelineArtifact.SOURCE_OUTPUT }) }],
    }))).toThrow(/two stages are called 'Prod': 'stageLayout\[0\]' and 'environments' both create it/);
  });

  test('a source step in the layout is an error', () => {
    expect(() => synth(() => ({ stageLayout: [{ stageName: 'More', steps: [Source.connection('acme/docs', 'main', { connectionArn: CONNECTION_ARN })] }] })))
      .toThrow(/stage 'More' holds a source step, but CodePipeline runs sources only in the first stage/);
  });
});
