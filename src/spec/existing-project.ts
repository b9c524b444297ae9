import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { newActionRole } from '../private/action-role';

/** What a spec action naming an existing CodeBuild project (`ProjectName`) needs. */
export interface ExistingProjectConfig {
  readonly category: StepCategory;
  readonly actionName: string;
  readonly runOrder?: number;
  readonly projectName: string;
  readonly inputs: PipelineArtifact[];
  readonly outputCount: number;
  readonly roleArn?: string;
  readonly namespace?: string;
}

/**
 * Runs an existing CodeBuild project (the spec's `ProjectName`). The project's own service role must
 * already read (and, for outputs, write) the pipeline's artifact bucket.
 */
export class ExistingProjectStep extends PipelineStep {
  public readonly category: StepCategory;
  public readonly defaultActionName: string;

  constructor(private readonly config: ExistingProjectConfig) {
    super({ actionName: config.actionName, runOrder: config.runOrder });
    this.category = config.category;
    this.defaultActionName = config.actionName;
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const project = codebuild.Project.fromProjectName(scope, 'Project', this.config.projectName);
    const [input, ...extraInputs] = this.config.inputs.map(ref => context.artifact(ref));
    const outputs = Array.from({ length: this.config.outputCount }, (_, i) => context.output(i === 0 ? undefined : `Output${i + 1}`));
    let role: iam.IRole;
    if (this.config.roleArn) {
      role = iam.Role.fromRoleArn(scope, 'ActionRole', this.config.roleArn, { mutable: false });
    } else {
      const created = newActionRole(scope, context, [
        new iam.PolicyStatement({
          actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
          resources: [project.projectArn],
        }),
      ]);
      role = created.forAction;
    }
    return {
      actions: [new actions.CodeBuildAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        project,
        input,
        extraInputs,
        outputs,
        role,
        type: this.category === StepCategory.TEST ? actions.CodeBuildActionType.TEST : actions.CodeBuildActionType.BUILD,
        variablesNamespace: this.config.namespace,
      })],
    };
  }
}
