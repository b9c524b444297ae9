import { Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import { newActionRole } from '../private/action-role';
import { codeBuildAction } from '../private/codebuild-step';
import { rejectPlaintextSecrets } from '../private/secrets';

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
  /** The action's environment variables (configuration `EnvironmentVariables`). */
  readonly actionEnvironment?: Record<string, string>;
  /** Made under the step's scope. */
  readonly actionSecrets?: (scope: Construct) => Record<string, secretsmanager.ISecret>;
  readonly actionParameters?: (scope: Construct) => Record<string, ssm.IParameter>;
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
    rejectPlaintextSecrets(scope, { prop: 'EnvironmentVariables', secretsProp: 'EnvironmentVariables (type SECRETS_MANAGER)', variables: this.config.actionEnvironment });
    const project = codebuild.Project.fromProjectName(scope, 'Project', this.config.projectName);
    context.registerProject(project);
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
      const projectArn = (name: string) => Stack.of(scope).formatArn({ service: 'codebuild', resource: 'project', resourceName: name });
      DocumentedCalls.add(created.role, ...['codebuild:BatchGetBuilds', 'codebuild:StartBuild']
        .map(action => ({ action, resource: projectArn(this.config.projectName), documentation: CODEBUILD_ACTION_DOC })));
      DocumentedCalls.addDenied(created.role,
        { action: 'codebuild:StartBuild', resource: projectArn('intruder'), reason: 'another project' },
        { action: 'codebuild:UpdateProject', resource: projectArn(this.config.projectName), reason: 'the action runs the project, never changes it' },
      );
    }
    return {
      actions: [codeBuildAction(scope, context, {
        project,
        input,
        extraInputs,
        outputs,
        role,
        type: this.category === StepCategory.TEST ? actions.CodeBuildActionType.TEST : actions.CodeBuildActionType.BUILD,
        variablesNamespace: this.config.namespace,
        actionEnvironment: this.config.actionEnvironment,
        actionSecrets: this.config.actionSecrets?.(scope),
        actionParameters: this.config.actionParameters?.(scope),
      })],
    };
  }
}

/** The CodeBuild action's "Service role permissions" section. */
const CODEBUILD_ACTION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html#edit-role-codebuild';
