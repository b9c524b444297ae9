import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/**
 * An aws-cdk-lib action whose rendered `Configuration` gains keys that action does not write (a key of
 * the action reference it has no prop for, or a default it leaves out but the user gave). Binding is
 * delegated, so its grants and rules are the wrapped action's.
 */
class ConfiguredAction implements codepipeline.IAction {
  constructor(private readonly inner: codepipeline.IAction, private readonly extra: Record<string, unknown>) {}

  public get actionProperties(): codepipeline.ActionProperties {
    return this.inner.actionProperties;
  }

  public bind(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const config = this.inner.bind(scope, stage, options);
    return { configuration: { ...config.configuration, ...this.extra } };
  }

  public onStateChange(name: string, target?: events.IRuleTarget, options?: events.RuleProps): events.Rule {
    return this.inner.onStateChange(name, target, options);
  }
}

/** The action with the defined `extra` keys added to its configuration (the action itself when there are none). */
export function withConfiguration(action: codepipeline.IAction, extra: Record<string, unknown | undefined>): codepipeline.IAction {
  const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length > 0 ? new ConfiguredAction(action, defined) : action;
}
