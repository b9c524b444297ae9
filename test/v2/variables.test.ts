import { Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ActionVariable, Build, ConditionRule, DeliveryPipeline, DeliveryPipelineProps, Deploy, PipelineVariable, Source, Test, VariableOperator,
} from '../../src';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const connection = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

/** A pipeline deploying a stack whose parameters read the given references. */
function deploying(parameters: (source: Source) => Record<string, string>, extra: Partial<DeliveryPipelineProps> = {}) {
  const stack = testStack();
  const source = connection();
  const pipeline = new DeliveryPipeline(stack, 'Pipeline', {
    source,
    buildStep: Build.codeBuild({ commands: ['make'] }),
    deploy: Deploy.cloudFormation({
      stackName: 'shop',
      templatePath: 'Shop.template.json',
      deploymentRole: iam.Role.fromRoleName(stack, 'Deployer', 'shop-deployer'),
      parameterOverrides: parameters(source),
    }),
    ...extra,
  });
  return { stack, pipeline, synth: () => Template.fromStack(stack) };
}

describe('pipeline-level variables', () => {
  test('render with their defaults and descriptions', () => {
    const release = new PipelineVariable('Release', { defaultValue: 'latest', description: 'The release to deploy' });
    const { synth } = deploying(() => ({ Release: release.reference() }), { variables: [release, new PipelineVariable('Ticket')] });
    synth().hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Variables: [{ Name: 'Release', DefaultValue: 'latest', Description: 'The release to deploy' }, { Name: 'Ticket' }],
    });
    expect(release.reference()).toBe('#{variables.Release}');
  });

  test('on a V1 pipeline are an error that names the feature', () => {
    expect(() => deploying(() => ({}), { pipelineType: codepipeline.PipelineType.V1, variables: [new PipelineVariable('Release')] }))
      .toThrow(/'variables' \(pipeline-level variables\) is a CodePipeline V2 feature, but pipelineType is V1/);
  });

  test('names, defaults and descriptions are checked', () => {
    expect(() => new PipelineVariable('my release')).toThrow(/PipelineVariable: the name must be 1 to 128 characters of letters, digits and @ _ -, got 'my release'/);
    expect(() => new PipelineVariable('Release', { defaultValue: '' })).toThrow(/PipelineVariable 'Release': defaultValue must be 1 to 1000 characters, got 0/);
    expect(() => new PipelineVariable('Release', { description: 'x'.repeat(201) })).toThrow(/description must be at most 200 characters, got 201/);
  });

  test('more than 50 variables', () => {
    const variables = Array.from({ length: 51 }, (_, i) => new PipelineVariable(`V${i}`));
    expect(() => deploying(() => ({}), { variables })).toThrow(/the pipeline declares 51 variables; CodePipeline allows 50/);
  });

  test('two variables with one name', () => {
    expect(() => deploying(() => ({}), { variables: [new PipelineVariable('Release'), new PipelineVariable('Release')] }))
      .toThrow(/two pipeline variables are called 'Release': rename one/);
  });

  test('a reference to an undeclared variable fails at synth', () => {
    const { synth } = deploying(() => ({ Release: '#{variables.Relase}' }), { variables: [new PipelineVariable('Release')] });
    expect(synth).toThrow(/action 'Deploy-shop' of stage 'Deploy' reads #\{variables.Relase\}, but the pipeline declares no variable 'Relase' \(declared: 'Release'\)/);
  });
});

describe('action output variables', () => {
  test('the referenced step gets the namespace named after its action, and the reference resolves', () => {
    const { synth } = deploying(source => ({ Commit: ActionVariable.of(source, 'CommitId').reference() }));
    const template = synth();
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    const [sourceStage, buildStage, deployStage] = pipeline.Properties.Stages;
    expect(sourceStage.Actions[0].Namespace).toBe('shop');
    expect(buildStage.Actions[0].Namespace).toBeUndefined();
    expect(JSON.parse(deployStage.Actions[0].Configuration.ParameterOverrides)).toEqual({ Commit: '#{shop.CommitId}' });
  });

  test('a variable the source does not output fails at synth and lists the ones it does', () => {
    const { synth } = deploying(source => ({ Commit: ActionVariable.of(source, 'CommitSha').reference() }));
    expect(synth).toThrow(/reads #\{shop.CommitSha\}, but action 'shop' \(CodeStarSourceConnection\) outputs 'AuthorDate', 'BranchName', 'CommitId'/);
  });

  test('a namespace no earlier action has fails at synth', () => {
    const { synth } = deploying(() => ({ Image: '#{Build.ImageTag}' }));
    expect(synth).toThrow(/action 'Deploy-shop' of stage 'Deploy' reads #\{Build.ImageTag\}, but no action before it has the variables namespace 'Build' \(available: none\)/);
  });

  test('a reference to a step that runs later fails at synth', () => {
    const stack = testStack();
    const late = Test.codeBuild({ actionName: 'Late', commands: ['echo'] });
    new DeliveryPipeline(stack, 'Pipeline', {
      source: connection(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      stages: [
        {
          stageName: 'Gate',
          steps: [Test.codeBuild({ actionName: 'Early', commands: ['echo'] })],
          beforeEntry: { rules: [ConditionRule.variableCheck({ variable: ActionVariable.of(late, 'Verdict').reference(), comparison: VariableOperator.EQUALS, value: 'ok' })] },
        },
        { stageName: 'Later', steps: [late] },
      ],
    });
    expect(() => Template.fromStack(stack)).toThrow(/the beforeEntry rule 'Gate-BeforeEntry-VariableCheck-1' of stage 'Gate' reads #\{Late.Verdict\}, but no action before it has the variables namespace 'Late'/);
  });

  test('conditions after a stage may read its variables; codepipeline variables always resolve', () => {
    const stack = testStack();
    const check = Test.codeBuild({ actionName: 'Check', commands: ['echo'] });
    new DeliveryPipeline(stack, 'Pipeline', {
      source: connection(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      stages: [{
        stageName: 'Verify',
        steps: [check],
        onSuccess: {
          rules: [
            ConditionRule.variableCheck({ variable: ActionVariable.of(check, 'Verdict').reference(), comparison: VariableOperator.EQUALS, value: 'ok' }),
            ConditionRule.variableCheck({ variable: '#{codepipeline.PipelineExecutionId}', comparison: VariableOperator.MATCHES, value: '.+' }),
          ],
        },
      }],
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('two referenced steps with one action name in different stages', () => {
    const stack = testStack();
    const a = Test.codeBuild({ actionName: 'Check', commands: ['echo'] });
    const b = Test.codeBuild({ actionName: 'Check', commands: ['echo'] });
    ActionVariable.of(a, 'X');
    ActionVariable.of(b, 'X');
    new DeliveryPipeline(stack, 'Pipeline', {
      source: connection(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      stages: [{ stageName: 'One', steps: [a] }, { stageName: 'Two', steps: [b] }],
    });
    expect(() => Template.fromStack(stack)).toThrow(/actions 'Check' and 'Check' both have the variables namespace 'Check': give one of the steps another 'actionName'/);
  });

  test('a step that sets another namespace than the one ActionVariable.of reads', () => {
    const build = Build.codeBuild({ commands: ['make'], variablesNamespace: 'BuildVars' });
    ActionVariable.of(build, 'Version');
    expect(() => new DeliveryPipeline(testStack(), 'Pipeline', { source: connection(), buildStep: build }))
      .toThrow(/step 'Build' sets the variables namespace 'BuildVars', but ActionVariable.of reads it as 'Build': drop the step's own namespace, or reference its variables as '#\{BuildVars.<name>\}'/);
  });

  test('a step whose own namespace is referenced directly', () => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'Pipeline', {
      source: connection(),
      buildStep: Build.codeBuild({ commands: ['make'], variablesNamespace: 'BuildVars' }),
      stages: [{
        stageName: 'Check',
        steps: [Test.codeBuild({ actionName: 'Smoke', commands: ['make smoke'] })],
        beforeEntry: { rules: [ConditionRule.variableCheck({ variable: '#{BuildVars.Version}', comparison: VariableOperator.MATCHES, value: '^1\\.' })] },
      }],
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a variable name that is not valid', () => {
    expect(() => ActionVariable.of(connection(), 'Commit Id')).toThrow(/ActionVariable.of: the variable name must be 1 to 128 characters/);
  });
});

describe('execution mode', () => {
  test.each([codepipeline.ExecutionMode.QUEUED, codepipeline.ExecutionMode.PARALLEL, codepipeline.ExecutionMode.SUPERSEDED])('%s', mode => {
    const { template } = synthPipeline(() => ({ source: connection(), buildStep: Build.codeBuild({ commands: ['make'] }), executionMode: mode }));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { ExecutionMode: mode });
  });

  test('QUEUED or PARALLEL on a V1 pipeline is an error that names the feature', () => {
    expect(() => synthPipeline(() => ({
      source: connection(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      executionMode: codepipeline.ExecutionMode.QUEUED,
      pipelineType: codepipeline.PipelineType.V1,
    }))).toThrow(/'executionMode' QUEUED is a CodePipeline V2 feature, but pipelineType is V1/);
  });
});
