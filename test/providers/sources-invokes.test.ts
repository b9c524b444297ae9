import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as codestarconnections from 'aws-cdk-lib/aws-codestarconnections';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ARTIFACT_READ, actionDeclaration, actionRoleStatements, allowedActions, synthWith, wildcardActions } from './helpers';
import { Build, DeliveryPipeline, Invoke, PipelineArtifact, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

describe('sources', () => {
  test('a connection source declares CodeStarSourceConnection and may use exactly that connection, with the action of its ARN prefix', () => {
    const { template } = synthPipeline(() => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    expect(actionDeclaration(template, 'shop')).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
      Configuration: { ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'main', DetectChanges: true },
    });
    const statements = actionRoleStatements(template, 'Source', 'shop');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CONNECTION_ARN });
    // Regression: codestar-connections:UseConnection on a codeconnections ARN matches no ARN format of
    // the action (service authorization reference), so it was a dead grant.
    expect(allowedActions(statements)).not.toContain('codestar-connections:UseConnection');
  });

  test('a connection created under the old prefix is used with codestar-connections:UseConnection only', () => {
    const old = 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const { template } = synthPipeline(() => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: old }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    const statements = actionRoleStatements(template, 'Source', 'shop');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: old });
    expect(allowedActions(statements)).not.toContain('codeconnections:UseConnection');
  });

  test('a connection ARN known only at deploy time: each prefix\'s action on the ARN rewritten to that prefix', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: new codestarconnections.CfnConnection(stack, 'GitHub', { connectionName: 'github', providerType: 'GitHub' }).attrConnectionArn }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    const part = (i: number) => ({ 'Fn::Select': [i, { 'Fn::Split': [':', { 'Fn::GetAtt': ['GitHub', 'ConnectionArn'] }] }] });
    const under = (service: string) => ({ 'Fn::Join': [':', ['arn', part(1), service, part(3), part(4), part(5)]] });
    const statements = actionRoleStatements(template, 'Source', 'shop').filter(st => JSON.stringify(st.Action).includes('UseConnection'));
    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: under('codeconnections') },
      { Effect: 'Allow', Action: 'codestar-connections:UseConnection', Resource: under('codestar-connections') },
    ]);
  });

  test('a CodeCommit source may run exactly the calls the action reference lists, on its repository', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main'),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    const statements = actionRoleStatements(template, 'Source', 'Repo');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['codecommit:CancelUploadArchive', 'codecommit:GetBranch', 'codecommit:GetCommit', 'codecommit:GetRepository',
        'codecommit:GetUploadArchiveStatus', 'codecommit:UploadArchive'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codecommit:eu-west-1:111111111111:shop']] },
    });
    expect(allowedActions(statements).filter(a => a.startsWith('s3:')))
      .toEqual([...ARTIFACT_READ, 's3:AbortMultipartUpload', 's3:PutObject'].sort());
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('a CodeCommit full clone lets the build project pull that repository', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.codeCommit(codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop'), 'main', { codeBuildCloneOutput: true }),
      buildStep: Build.codeBuild({ commands: ['git log -1'] }),
    }));
    expect(actionDeclaration(template, 'Repo')).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeCommit', Version: '1' },
      Configuration: { RepositoryName: 'shop', BranchName: 'main', PollForSourceChanges: false, OutputArtifactFormat: 'CODEBUILD_CLONE_REF' },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'codecommit:GitPull' })]) },
    });
  });

  test('an S3 source does not poll and an EventBridge rule starts the pipeline', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.s3(s3.Bucket.fromBucketName(stack, 'B', 'shop-sources'), 'shop.zip'),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    expect(actionDeclaration(template, 'S3Source')).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'S3', Version: '1' },
      Configuration: { S3Bucket: 'shop-sources', S3ObjectKey: 'shop.zip', PollForSourceChanges: false },
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'source': ['aws.s3'], 'detail-type': ['Object Created'] }) });
    const statements = actionRoleStatements(template, 'Source', 'S3Source');
    expect(statements).toEqual(expect.arrayContaining([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::shop-sources/shop.zip']] },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::shop-sources']] },
      },
    ]));
    expect(allowedActions(statements).filter(a => a.includes('*'))).toEqual([]);
  });

  test('an ECR source declares the image tag', () => {
    const { template } = synthPipeline(stack => ({
      source: Source.ecr(ecr.Repository.fromRepositoryName(stack, 'Web', 'shop-web'), { imageTag: 'release' }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    }));
    expect(actionDeclaration(template, 'Web')).toMatchObject({
      ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'ECR', Version: '1' },
      Configuration: { RepositoryName: 'shop-web', ImageTag: 'release' },
    });
  });

  test('GitHub (version 1) is rejected with the way to a connection', () => {
    const text = `pipeline:
  stages:
    - name: Source
      actions:
        - { name: App, actionType: Source, owner: ThirdParty, provider: GitHub, outputArtifacts: [{ name: A }], configuration: { Owner: acme, Repo: shop, Branch: main } }
    - name: Gate
      actions:
        - { name: Ok, actionType: Approval, provider: Manual }
`;
    expect(() => DeliveryPipeline.fromFile(testStack(), 'App', { text })).toThrow(
      /stages\[0\]\.actions\[0\]\.owner \(line 5, column \d+\): the GitHub \(version 1\) action authenticates with a long-lived OAuth token stored in the pipeline and is deprecated by AWS: use owner AWS; a pipeline file builds a CodeConnections source: give 'ConnectionArn'/);
  });
});

describe('Invoke.lambdaFunction', () => {
  test('declares the Lambda invoke action with user parameters and may invoke only that function', () => {
    const { template } = synthWith(stack => ({
      invoke: Invoke.lambdaFunction(lambda.Function.fromFunctionArn(stack, 'Smoke', 'arn:aws:lambda:eu-west-1:111111111111:function:smoke'), {
        userParameters: { url: 'https://shop.example' }, variablesNamespace: 'Smoke',
      }),
    }));
    expect(actionDeclaration(template, 'Smoke')).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'Lambda', Version: '1' },
      Configuration: { FunctionName: 'smoke', UserParameters: '{"url":"https://shop.example"}' },
      Namespace: 'Smoke',
    });
    const statements = actionRoleStatements(template, 'Invoke', 'Smoke');
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: ['arn:aws:lambda:eu-west-1:111111111111:function:smoke', 'arn:aws:lambda:eu-west-1:111111111111:function:smoke:*'],
      },
      // The page: "make sure the policy for the role allows lambda:InvokeFunction and lambda:ListFunctions"
      // (ListFunctions supports no resource-level permissions).
      { Effect: 'Allow', Action: 'lambda:ListFunctions', Resource: '*' },
    ]);
  });
});

describe('Invoke.lambdaFunction: parameters as written, artifacts in and out', () => {
  test('a plain-string UserParameters, two inputs and two outputs; the role reads and writes the artifact bucket', () => {
    const { template } = synthWith(stack => ({
      invoke: Invoke.lambdaFunction(lambda.Function.fromFunctionArn(stack, 'Smoke', 'arn:aws:lambda:eu-west-1:111111111111:function:smoke'), {
        userParametersString: 'http://192.0.2.4', inputs: [PipelineArtifact.SOURCE_OUTPUT, PipelineArtifact.BUILD_OUTPUT], outputCount: 2,
      }),
    }));
    const declaration = actionDeclaration(template, 'Smoke');
    expect(declaration.Configuration).toEqual({ FunctionName: 'smoke', UserParameters: 'http://192.0.2.4' });
    expect(declaration.InputArtifacts).toEqual([{ Name: 'S3Source_Output' }, { Name: 'Build_Output' }]);
    expect(declaration.OutputArtifacts).toEqual([{ Name: 'Smoke_Output' }, { Name: 'Smoke_Output2' }]);
    expect(allowedActions(actionRoleStatements(template, 'Invoke', 'Smoke')).filter(a => a.startsWith('s3:')))
      .toEqual([...ARTIFACT_READ, 's3:AbortMultipartUpload', 's3:PutObject'].sort());
  });

  test('more than 5 outputs is what CodePipeline refuses', () => {
    expect(() => synthWith(stack => ({
      invoke: Invoke.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Smoke', 'smoke'), { outputCount: 6 }),
    }))).toThrow(/has 6 output artifact\(s\), but Lambda accepts 0 to 5/);
  });
});

describe('Invoke.stepFunctions', () => {
  const machine = (stack: Stack) => sfn.StateMachine.fromStateMachineArn(stack, 'Checks', 'arn:aws:states:eu-west-1:111111111111:stateMachine:checks');

  test('a literal input', () => {
    const { template } = synthWith(stack => ({ invoke: Invoke.stepFunctions(machine(stack), { input: { stage: 'prod' } }) }));
    expect(actionDeclaration(template, 'Checks')).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'StepFunctions', Version: '1' },
      Configuration: { StateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:checks', InputType: 'Literal', Input: '{"stage":"prod"}', ExecutionNamePrefix: 'Checks' },
    });
    const statements = actionRoleStatements(template, 'Invoke', 'Checks');
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['states:StartExecution', 'states:DescribeStateMachine'], Resource: 'arn:aws:states:eu-west-1:111111111111:stateMachine:checks' },
      { Effect: 'Allow', Action: 'states:DescribeExecution', Resource: 'arn:aws:states:eu-west-1:111111111111:execution:checks:Checks*' },
    ]);
  });

  test('an input file from the build output, and an output artifact', () => {
    const { template } = synthWith(stack => ({ invoke: Invoke.stepFunctions(machine(stack), { inputFile: 'sfn/input.json', produceOutput: true }) }));
    expect(actionDeclaration(template, 'Checks')).toMatchObject({
      // The path in the input artifact, as the action reference writes it (aws-cdk-lib's action wrote 'Build_Output::sfn/input.json').
      Configuration: { InputType: 'FilePath', Input: 'sfn/input.json' },
      InputArtifacts: [{ Name: 'Build_Output' }],
      OutputArtifacts: [{ Name: 'Checks_Output' }],
    });
    expect(allowedActions(actionRoleStatements(template, 'Invoke', 'Checks')).filter(a => a.startsWith('s3:')))
      .toEqual([...ARTIFACT_READ, 's3:AbortMultipartUpload', 's3:PutObject'].sort());
  });

  test('a literal and a file together are rejected', () => {
    const stack = new Stack();
    expect(() => Invoke.stepFunctions(machine(stack), { input: { a: 1 }, inputFile: 'x.json', inputArtifact: PipelineArtifact.SOURCE_OUTPUT }))
      .toThrow(/give one of 'input' \(an object\), 'literalInput' \(text\) or 'inputFile' \(a file in an artifact\), got input and inputFile/);
  });

  test('a literal input as written, with an input artifact the action declares (it reads the artifact, nothing else)', () => {
    const { template } = synthWith(stack => ({
      invoke: Invoke.stepFunctions(machine(stack), {
        literalInput: '{"version": "#{codepipeline.PipelineExecutionId}"}', inputArtifact: PipelineArtifact.SOURCE_OUTPUT, executionNamePrefix: 'release',
      }),
    }));
    expect(actionDeclaration(template, 'Checks')).toMatchObject({
      Configuration: { InputType: 'Literal', Input: '{"version": "#{codepipeline.PipelineExecutionId}"}', ExecutionNamePrefix: 'release' },
      InputArtifacts: [{ Name: 'S3Source_Output' }],
    });
    expect(actionDeclaration(template, 'Checks').OutputArtifacts).toBeUndefined();
    const statements = actionRoleStatements(template, 'Invoke', 'Checks');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'states:DescribeExecution', Resource: 'arn:aws:states:eu-west-1:111111111111:execution:checks:release*' });
    expect(allowedActions(statements).filter(a => a.startsWith('s3:'))).toEqual(ARTIFACT_READ);
  });

  test('the action runs where the step is placed: no region of its own', () => {
    const { template } = synthWith(stack => ({ invoke: Invoke.stepFunctions(machine(stack)) }));
    expect(actionDeclaration(template, 'Checks').Region).toBeUndefined();
  });
});

describe('Invoke.pipeline', () => {
  test('starts the target pipeline with variables and may start only that pipeline', () => {
    const { template } = synthWith(stack => ({
      invoke: Invoke.pipeline(codepipeline.Pipeline.fromPipelineArn(stack, 'Release', 'arn:aws:codepipeline:eu-west-1:111111111111:release'), {
        variables: { version: '#{codepipeline.PipelineExecutionId}' }, sourceRevisions: { Source: 'abc123' },
      }),
    }));
    expect(actionDeclaration(template, 'Start-Release')).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'CodePipeline', Version: '1' },
      Configuration: {
        PipelineName: 'release',
        Variables: '[{"name":"version","value":"#{codepipeline.PipelineExecutionId}"}]',
        SourceRevisions: '[{"actionName":"Source","revisionValue":"abc123","revisionType":"COMMIT_ID"}]',
      },
    });
    const statements = actionRoleStatements(template, 'Invoke', 'Start-Release');
    expect(allowedActions(statements)).toEqual(['codepipeline:StartPipelineExecution']);
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('revisions each with its own type: both S3 revision types for one source', () => {
    const { template } = synthWith(stack => ({
      invoke: Invoke.pipeline(codepipeline.Pipeline.fromPipelineArn(stack, 'Release', 'arn:aws:codepipeline:eu-west-1:111111111111:release'), {
        revisions: [
          { actionName: 'Zip', revisionType: actions.RevisionType.S3_OBJECT_VERSION_ID, revisionValue: 'v1' },
          { actionName: 'Zip', revisionType: 'S3_OBJECT_KEY' as actions.RevisionType, revisionValue: 'app.zip' },
        ],
      }),
    }));
    expect(actionDeclaration(template, 'Start-Release').Configuration.SourceRevisions)
      .toEqual('[{"actionName":"Zip","revisionType":"S3_OBJECT_VERSION_ID","revisionValue":"v1"},{"actionName":"Zip","revisionType":"S3_OBJECT_KEY","revisionValue":"app.zip"}]');
  });

  test('rejects an invalid variable name', () => {
    const stack = new Stack();
    expect(() => Invoke.pipeline(codepipeline.Pipeline.fromPipelineArn(stack, 'P', 'arn:aws:codepipeline:eu-west-1:111111111111:p'), { variables: { 'a b': 'x' } }))
      .toThrow(/variable names are 1 to 128 of letters, digits, @ - _/);
  });
});
