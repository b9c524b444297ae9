import { Stack, Token } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { fail, show } from '../core/private/errors';
import { PipelineStep, StepBinding, StepCategory, IStepContext } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';

/** Options of the pipeline's self-mutation (`selfMutation`). */
export interface SelfMutationOptions {
  /**
   * The commands that update the pipeline's stack from the source.
   *
   * @default ['npm ci', 'npx cdk deploy <pipeline stack> --exclusively --require-approval never']
   */
  readonly commands?: string[];

  /**
   * The qualifier of the pipeline account's CDK bootstrap stack (`cdk bootstrap --qualifier`).
   *
   * @default 'hnb659fds'
   */
  readonly qualifier?: string;
}

/** The CDK bootstrap roles `cdk deploy` assumes (deploy, publish the template, look up context). */
const BOOTSTRAP_DOC = 'https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html';
const ASSUMED = ['deploy', 'file-publishing', 'image-publishing', 'lookup'];

/**
 * The `UpdatePipeline` step: right after the sources and before anything else, `cdk deploy` of the
 * pipeline's own stack, so that a change to the pipeline applies to the run that brought it (the
 * pipeline restarts when its definition changes).
 */
export class SelfMutationStep extends PipelineStep {
  public readonly category = StepCategory.BUILD;
  public readonly defaultActionName = 'SelfMutate';

  constructor(private readonly options: SelfMutationOptions) {
    super({});
    const qualifier = options.qualifier;
    if (qualifier !== undefined && !/^[A-Za-z0-9_-]{1,10}$/.test(qualifier)) {
      fail(undefined, 'InvalidQualifier', `selfMutation.qualifier must be 1 to 10 letters, digits, '_' or '-' (a CDK bootstrap qualifier), got ${show(qualifier)}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const stack = Stack.of(scope);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      fail(scope, 'SelfMutationNeedsEnvironment',
        "'selfMutation' deploys the pipeline's stack as the CDK bootstrap roles of its account and region, but the stack is environment-agnostic: give it an 'env' with account and region");
    }
    const qualifier = this.options.qualifier ?? 'hnb659fds';
    const roleArn = (kind: string) => stack.formatArn({
      service: 'iam', region: '', resource: 'role', resourceName: `cdk-${qualifier}-${kind}-role-${stack.account}-${stack.region}`,
    });
    const result = bindCodeBuildStep(scope, context, {
      commands: this.options.commands ?? ['npm ci', `npx cdk deploy ${stack.node.path} --exclusively --require-approval never`],
      produceOutput: false,
      type: actions.CodeBuildActionType.BUILD,
    });
    const project = result.project;
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: ASSUMED.map(roleArn) }));
    DocumentedCalls.add(project.role!, ...ASSUMED.map(kind => ({ action: 'sts:AssumeRole', resource: roleArn(kind), documentation: BOOTSTRAP_DOC })));
    DocumentedCalls.addDenied(project.role!,
      { action: 'sts:AssumeRole', resource: roleArn('cfn-exec'), reason: 'the CloudFormation execution role is passed to CloudFormation by the deploy role, never assumed by the build' },
      {
        action: 'sts:AssumeRole',
        resource: stack.formatArn({ service: 'iam', region: '', account: '999999999999', resource: 'role', resourceName: `cdk-${qualifier}-deploy-role-999999999999-${stack.region}` }),
        reason: 'the deploy role of another account: the pipeline updates only its own stack',
      },
    );
    return { actions: result.actions };
  }
}
