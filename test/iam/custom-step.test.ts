import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ActionRole, Build, DeliveryPipeline, DocumentedCalls, IStepContext, PipelineStep, Source, StepBinding, StepCategory } from '../../src';
import { checkIam } from '../../src/iam/check';
import { CONNECTION_ARN, ENV } from '../util';

/**
 * A step of a user's own (a Lambda invoke that purges a CDN), with its own role: the same IAM check the
 * library's steps get, through the public DocumentedCalls and `cdk-delivery-pipeline/lib/iam/check`.
 */
class PurgeCdn extends PipelineStep {
  public readonly category = StepCategory.INVOKE;
  public readonly defaultActionName = 'PurgeCdn';

  constructor(private readonly functionArn: string, private readonly grantedArn: string) {
    super();
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ArnPrincipal(context.pipelineRole.roleArn) });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.grantedArn] }));
    const doc = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Lambda.html';
    DocumentedCalls.add(role, { action: 'lambda:InvokeFunction', resource: this.functionArn, documentation: doc });
    DocumentedCalls.addDenied(role, { action: 'lambda:InvokeFunction', resource: `${this.functionArn}-other`, reason: 'another function' });
    const fn = lambda.Function.fromFunctionArn(scope, 'Function', this.functionArn);
    const action = new actions.LambdaInvokeAction({
      actionName: context.actionName, runOrder: context.runOrder, lambda: fn, role: role.withoutPolicyUpdates(),
    });
    return { actions: [action] };
  }
}

const FUNCTION = `arn:aws:lambda:${ENV.region}:${ENV.account}:function:purge-cdn`;

async function checkWith(granted: string) {
  const app = new App({ builtinCloudFormationValidation: false } as any);
  const stack = new Stack(app, 'Custom', { env: ENV });
  new DeliveryPipeline(stack, 'Pipeline', {
    source: Source.connection('acme/site', 'main', { connectionArn: CONNECTION_ARN }),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    stages: [{ stageName: 'Publish', steps: [new PurgeCdn(FUNCTION, granted)] }],
  });
  const report = await checkIam(app);
  return { report, findings: report.findings.filter(f => f.role.includes('PurgeCdn')) };
}

test('a custom step that grants exactly its documented call passes the check, and the pipeline may assume its role', async () => {
  const { report, findings } = await checkWith(FUNCTION);
  expect(findings).toEqual([]);
  const purge = report.roles.find(r => r.role.endsWith('PurgeCdn/Role'))!;
  expect(purge.calls.map(c => `${c.action} ${c.decision}`)).toEqual(['lambda:InvokeFunction Allowed']);
  expect(purge.denied.find(c => c.resource.endsWith('purge-cdn-other'))?.decision).toBe('ImplicitlyDenied');
  const pipelineRole = report.roles.find(r => r.usedBy === 'CodePipeline service role')!;
  expect(pipelineRole.calls.filter(c => c.action === 'sts:AssumeRole' && c.resource === purge.arn).map(c => c.decision)).toEqual(['Allowed']);
});

test('a grant on the wrong ARN is reported as a dead grant and an unmet call, naming the role and the documentation', async () => {
  const { findings } = await checkWith(`arn:aws:lambda:${ENV.region}:${ENV.account}:purge-cdn`);
  expect(findings.map(f => f.kind)).toEqual(['dead-grant', 'unmet-call']);
  expect(findings[0].message).toContain("matches no ARN format of 'lambda:InvokeFunction'");
  expect(findings[1].message).toContain('action-reference-Lambda.html documents that this call is made: grant it');
  expect(findings[1].role).toBe('Custom/Pipeline/Publish/PurgeCdn/Role');
});

test('a grant broader than the step needs is reported through the denied calls', async () => {
  const { findings } = await checkWith(`arn:aws:lambda:${ENV.region}:${ENV.account}:function:*`);
  expect(findings.map(f => `${f.kind}: ${f.message}`)).toEqual([
    `allowed-denied-call: lambda:InvokeFunction on ${FUNCTION}-other is allowed, but must not be (another function): narrow the grant`,
  ]);
});

/** The same step on the library's own action-role helper: `ActionRole.create` instead of a hand-made role. */
class PurgeCdnWithActionRole extends PipelineStep {
  public readonly category = StepCategory.INVOKE;
  public readonly defaultActionName = 'PurgeCdn';

  constructor(private readonly functionArn: string) {
    super();
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const { role, forAction } = ActionRole.create(scope, context, [
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.functionArn] }),
    ]);
    const doc = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Lambda.html';
    DocumentedCalls.add(role, { action: 'lambda:InvokeFunction', resource: this.functionArn, documentation: doc });
    DocumentedCalls.addDenied(role, { action: 'lambda:InvokeFunction', resource: `${this.functionArn}-other`, reason: 'another function' });
    const fn = lambda.Function.fromFunctionArn(scope, 'Function', this.functionArn);
    return { actions: [new actions.LambdaInvokeAction({ actionName: context.actionName, runOrder: context.runOrder, lambda: fn, role: forAction })] };
  }
}

describe('ActionRole.create: the library\'s action role, for steps of your own', () => {
  function synth() {
    const app = new App({ builtinCloudFormationValidation: false } as any);
    const stack = new Stack(app, 'Custom', { env: ENV });
    new DeliveryPipeline(stack, 'Pipeline', {
      source: Source.connection('acme/site', 'main', { connectionArn: CONNECTION_ARN }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      stages: [{ stageName: 'Publish', steps: [new PurgeCdnWithActionRole(FUNCTION)] }],
    });
    return { app, template: Template.fromStack(stack) };
  }

  test('passes the IAM check with no findings, the pipeline may assume it, and the L2 action adds no grant of its own', async () => {
    const { app, template } = synth();
    const report = await checkIam(app);
    expect(report.findings).toEqual([]);
    const purge = report.roles.find(r => r.role.endsWith('PurgeCdn/ActionRole'))!;
    expect(purge.calls.map(c => `${c.action} ${c.decision}`)).toEqual(['lambda:InvokeFunction Allowed']);
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles ?? []).includes('PurgeCdnActionRole')) as any[];
    const actionsGranted = policies.flatMap(p => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(actionsGranted).toEqual(['lambda:InvokeFunction']);
  });

  test('is trusted by the pipeline\'s role only', () => {
    const { template } = synth();
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('PipelinePublishPurgeCdnActionRole'))![1] as any;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [expect.stringMatching(/^PipelinePipelineRole/), 'Arn'] } } },
    ]);
  });

  test('a second action role in one step scope is an error saying how to make one', () => {
    const stack = new Stack(new App(), 'Twice', { env: ENV });
    class Twice extends PurgeCdnWithActionRole {
      public bind(scope: Construct, context: IStepContext): StepBinding {
        ActionRole.create(scope, context);
        return super.bind(scope, context);
      }
    }
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      source: Source.connection('acme/site', 'main', { connectionArn: CONNECTION_ARN }),
      stages: [{ stageName: 'Publish', steps: [new Twice(FUNCTION)] }],
    })).toThrow(/Twice\/Pipeline\/Publish\/PurgeCdn: this step already has an 'ActionRole': create one action role per step, or create the second under a child construct/);
  });
});
