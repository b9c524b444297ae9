import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** What each recorded action's `bind` returned: its configuration, as CodePipeline receives it. */
const configurations = new WeakMap<codepipeline.IAction, Record<string, unknown>>();

/**
 * An action as the DeliveryPipeline adds it to its stage: binding is delegated, and the configuration
 * the action returns is kept, so the pipeline's neutral model is built from what was bound (never by
 * reading the rendered template back).
 */
export class RecordedAction implements codepipeline.IAction {
  constructor(private readonly inner: codepipeline.IAction) {}

  public get actionProperties(): codepipeline.ActionProperties {
    return this.inner.actionProperties;
  }

  public bind(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const config = this.inner.bind(scope, stage, options);
    configurations.set(this, config.configuration ?? {});
    return config;
  }

  public onStateChange(name: string, target?: events.IRuleTarget, options?: events.RuleProps): events.Rule {
    return this.inner.onStateChange(name, target, options);
  }
}

/** The configuration a recorded action was bound with (empty for an action added around the library). */
export function recordedConfiguration(action: codepipeline.IAction): Record<string, unknown> {
  return configurations.get(action) ?? {};
}
