import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** What a `TargetedAction` changes about the action it wraps. */
export interface ActionOverrides {
  /** The role the action runs as (e.g. a role in another account, referenced by ARN). */
  readonly role?: iam.IRole;
  /** The region the action runs in. */
  readonly region?: string;
  /** The action's variables namespace. */
  readonly variablesNamespace?: string;
}

/**
 * An action with some of its properties replaced: the account (role), region or variables namespace
 * it runs with. Binding is delegated, so the wrapped action grants its (artifact) permissions to the
 * role the pipeline hands it — the replaced one.
 */
export class TargetedAction implements codepipeline.IAction {
  constructor(private readonly inner: codepipeline.IAction, private readonly overrides: ActionOverrides) {}

  public get actionProperties(): codepipeline.ActionProperties {
    const o = this.overrides;
    return {
      ...this.inner.actionProperties,
      ...(o.role ? { role: o.role } : {}),
      ...(o.region ? { region: o.region } : {}),
      ...(o.variablesNamespace ? { variablesNamespace: o.variablesNamespace } : {}),
    };
  }

  public bind(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    return this.inner.bind(scope, stage, options);
  }

  public onStateChange(name: string, target?: events.IRuleTarget, options?: events.RuleProps): events.Rule {
    return this.inner.onStateChange(name, target, options);
  }
}
