import { Template } from 'aws-cdk-lib/assertions';
import { actionsOf, spec, specError, stage, synthSpec } from '../pipeline-file/helpers';
import { actionRoleStatements, allowedActions, ARTIFACT_READ } from '../providers/helpers';

// Issue 10: configurations the library used to refuse although CodePipeline accepts them now load, and
// every key a file gives is rendered with its value.
describe('invoke and test providers in a pipeline file', () => {
  let template: Template;
  let actions: Record<string, any>;
  beforeAll(() => {
    ({ template } = synthSpec(spec(stage('Invoke', `name: Smoke
actionType: Invoke
provider: Lambda
namespace: SmokeVars
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: Report }, { name: Logs }]
configuration: { FunctionName: smoke-test, UserParameters: 'http://192.0.2.4' }`, `name: Release
actionType: Invoke
provider: StepFunctions
runOrder: 2
namespace: ReleaseVars
inputArtifacts: [{ name: Report }]
outputArtifacts: [{ name: Execution }]
configuration:
  StateMachineArn: arn:aws:states:us-east-1:111111111111:stateMachine:HelloWorld
  ExecutionNamePrefix: my-prefix
  InputType: FilePath
  Input: assets/input.json`, `name: Literal
actionType: Invoke
provider: StepFunctions
runOrder: 2
configuration:
  StateMachineArn: arn:aws:states:us-east-1:111111111111:stateMachine:HelloWorld
  Input: '#{SmokeVars.SFN_INPUT}'`, `name: Next
actionType: Invoke
provider: CodePipeline
configuration:
  PipelineName: shop-deploy
  SourceRevisions: '[{"actionName":"Zip","revisionType":"S3_OBJECT_VERSION_ID","revisionValue":"v1"},{"actionName":"Zip","revisionType":"S3_OBJECT_KEY","revisionValue":"app.zip"}]'
  Variables: '[]'`)
      + stage('Test', `name: Fuzz
actionType: Test
provider: DeviceFarm
inputArtifacts: [{ name: Src }]
configuration:
  App: s3-ios-test-1.ipa
  AppType: iOS
  DevicePoolArn: arn:aws:devicefarm:us-west-2::devicepool:0EXAMPLE-d7d7-48a5-ba5c-b33d66efa1f5
  FuzzEventCount: '6000'
  FuzzEventThrottle: '50'
  ProjectId: eec4905f-98f8-40aa-9afc-4c1cfEXAMPLE
  TestType: BUILTIN_FUZZ`, `name: Scan
actionType: Invoke
provider: InspectorScan
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: Sbom }]
configuration: { InspectorRunMode: SourceCodeScan }`))));
    actions = actionsOf(template);
  });

  test('Lambda: a plain-string UserParameters as written, outputs, and the namespace', () => {
    expect(actions.Smoke).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Provider: 'Lambda' },
      Configuration: { FunctionName: 'smoke-test', UserParameters: 'http://192.0.2.4' },
      Namespace: 'SmokeVars',
      InputArtifacts: [{ Name: 'Checkout_Output' }],
    });
    expect(actions.Smoke.OutputArtifacts).toHaveLength(2);
    expect(allowedActions(actionRoleStatements(template, 'Invoke', 'Smoke')).filter(a => a.startsWith('s3:')))
      .toEqual([...ARTIFACT_READ, 's3:AbortMultipartUpload', 's3:PutObject'].sort());
  });

  test('Step Functions: InputType FilePath reads the file from its input artifact and writes an output', () => {
    expect(actions.Release).toMatchObject({
      Configuration: { StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:HelloWorld', ExecutionNamePrefix: 'my-prefix', InputType: 'FilePath', Input: 'assets/input.json' },
      Namespace: 'ReleaseVars',
      InputArtifacts: [{ Name: actions.Smoke.OutputArtifacts[0].Name }],
    });
    expect(actions.Release.OutputArtifacts).toHaveLength(1);
    // The state machine's region is not the action's: the action runs where the file places it.
    expect(actions.Release.Region).toBeUndefined();
    expect(actionRoleStatements(template, 'Invoke', 'Release')).toContainEqual({
      Effect: 'Allow', Action: 'states:DescribeExecution', Resource: 'arn:aws:states:us-east-1:111111111111:execution:HelloWorld:my-prefix*',
    });
  });

  test('Step Functions: a literal Input is any text (here a variable holding JSON)', () => {
    expect(actions.Literal.Configuration).toMatchObject({ InputType: 'Literal', Input: '#{SmokeVars.SFN_INPUT}' });
  });

  test('CodePipeline invoke: revisions each with its own type, in the order written', () => {
    expect(actions.Next.Configuration).toEqual({
      PipelineName: 'shop-deploy',
      SourceRevisions: '[{"actionName":"Zip","revisionType":"S3_OBJECT_VERSION_ID","revisionValue":"v1"},{"actionName":"Zip","revisionType":"S3_OBJECT_KEY","revisionValue":"app.zip"}]',
      Variables: '[]',
    });
  });

  test('Device Farm: a pool AWS curates (no account) runs in a project of the pipeline\'s account', () => {
    expect(actions.Fuzz.Configuration).toMatchObject({
      ProjectId: 'eec4905f-98f8-40aa-9afc-4c1cfEXAMPLE', FuzzEventCount: '6000', FuzzEventThrottle: '50', TestType: 'BUILTIN_FUZZ',
    });
    expect(actionRoleStatements(template, 'Test', 'Fuzz')).toContainEqual({
      Effect: 'Allow',
      Action: ['devicefarm:CreateUpload', 'devicefarm:ListDevicePools'],
      Resource: 'arn:aws:devicefarm:us-west-2:111111111111:project:eec4905f-98f8-40aa-9afc-4c1cfEXAMPLE',
    });
  });

  test('Inspector scan in the Invoke category of its ActionTypeId', () => {
    expect(actions.Scan).toMatchObject({ ActionTypeId: { Category: 'Invoke', Provider: 'InspectorScan' }, Configuration: { InspectorRunMode: 'SourceCodeScan' } });
  });

  test('what CodePipeline refuses is still reported', () => {
    expect(specError(spec(stage('Later', 'name: X\nactionType: Invoke\nprovider: Lambda\nconfiguration: { FunctionName: f }\n'
      + 'outputArtifacts: [{ name: A }, { name: B }, { name: C }, { name: D }, { name: E }, { name: F }]'))))
      .toMatch(/an Invoke action of provider Lambda produces 0 to 5 output artifact\(s\), found 6: fix outputArtifacts/);
    expect(specError(spec(stage('Later', 'name: X\nactionType: Invoke\nprovider: CodePipeline\ninputArtifacts: [{ name: Src }]\nconfiguration: { PipelineName: p }'))))
      .toMatch(/an Invoke action of provider CodePipeline takes exactly 0 input artifact\(s\), found 1/);
  });
});
