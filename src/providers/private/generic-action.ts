import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** Everything CodePipeline needs to declare one action the library writes itself. */
export interface GenericActionProps {
  readonly actionName: string;
  readonly runOrder?: number;
  readonly category: codepipeline.ActionCategory;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly artifactBounds: codepipeline.ActionArtifactBounds;
  readonly inputs?: codepipeline.Artifact[];
  readonly outputs?: codepipeline.Artifact[];
  /** The action's configuration; keys exactly as in the CodePipeline action reference. */
  readonly configuration?: Record<string, string | undefined>;
  /** The role the action runs as; only AWS-owned actions accept one. */
  readonly role?: iam.IRole;
  readonly variablesNamespace?: string;
  readonly commands?: string[];
  readonly outputVariables?: string[];
}

/**
 * A CodePipeline action declared from its ActionTypeId and configuration, for providers aws-cdk-lib
 * has no action for (Device Farm, EKS, AppConfig, Lambda deploy, Commands with environment variables,
 * custom and third-party actions). It grants nothing: the step writes the role's policy itself.
 */
export class GenericAction extends codepipeline.Action {
  protected readonly providedActionProperties: codepipeline.ActionProperties;

  constructor(private readonly props: GenericActionProps) {
    super();
    this.providedActionProperties = {
      actionName: props.actionName,
      runOrder: props.runOrder,
      category: props.category,
      owner: props.owner,
      provider: props.provider,
      version: props.version,
      artifactBounds: props.artifactBounds,
      inputs: props.inputs,
      outputs: props.outputs,
      role: props.role,
      variablesNamespace: props.variablesNamespace,
      commands: props.commands,
      outputVariables: props.outputVariables,
    };
  }

  protected bound(_scope: Construct, _stage: codepipeline.IStage, _options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const configuration: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.props.configuration ?? {})) {
      if (value !== undefined) configuration[key] = value;
    }
    return { configuration: Object.keys(configuration).length > 0 ? configuration : undefined };
  }
}
