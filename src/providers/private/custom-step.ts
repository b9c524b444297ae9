import { Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { Construct } from 'constructs';
import { checkArtifactBounds } from './action-checks';
import { GenericAction } from './generic-action';
import type { CustomActionOptions } from '../../builds/custom-action';
import { ActionOwner, CUSTOM_ACTION_PROVIDER } from '../../builds/custom-action';
import { PipelineArtifact } from '../../core/artifact';
import { fail, show } from '../../core/private/errors';
import type { IStepContext } from '../../core/step';
import type { ActionBase } from '../provider-action';
import { ProviderAction } from '../provider-action';

const NAME = /^[0-9A-Za-z_-]{1,35}$/;
const VERSION = /^[0-9A-Za-z_-]{1,9}$/;

/** What a custom action reads, resolved from its options. */
interface CustomStepTargets {
  readonly inputs: codepipeline.Artifact[];
  readonly outputs: codepipeline.Artifact[];
  readonly bounds: codepipeline.ActionArtifactBounds;
}

/** A custom or third-party action: no AWS role (its job worker uses its own credentials), so no IAM to declare. */
export class CustomStep extends ProviderAction<CustomActionOptions, CustomStepTargets> {
  public readonly defaultActionName: string;
  protected readonly permissions = undefined;

  constructor(factory: string, private readonly category: codepipeline.ActionCategory, options: CustomActionOptions) {
    super(options);
    const o = options;
    if (!Token.isUnresolved(o.provider) && !NAME.test(o.provider)) {
      fail(undefined, 'InvalidProvider', `${factory}: provider must be 1 to 35 letters, digits, '-' or '_', got ${show(o.provider)}`);
    }
    if (o.version !== undefined && !VERSION.test(o.version)) {
      fail(undefined, 'InvalidVersion', `${factory}: version must be 1 to 9 letters, digits, '-' or '_', got ${show(o.version)}`);
    }
    for (const [key, value] of Object.entries(o.configuration ?? {})) {
      if (key.length < 1 || key.length > 50 || (!Token.isUnresolved(value) && (value.length < 1 || value.length > 1000))) {
        fail(undefined, 'InvalidConfiguration',
          `${factory}: configuration keys must be 1 to 50 characters and values 1 to 1000, got key ${show(key)} with a value of ${value.length} characters`);
      }
    }
    const b = o.artifactBounds ?? CUSTOM_ACTION_PROVIDER.bounds;
    const outOfRange = [b.minInputs, b.maxInputs, b.minOutputs, b.maxOutputs].some(n => !Number.isInteger(n) || n < 0 || n > 5);
    if (outOfRange || b.minInputs > b.maxInputs || b.minOutputs > b.maxOutputs) {
      fail(undefined, 'InvalidArtifactBounds', `${factory}: artifactBounds must be whole numbers from 0 to 5 with min <= max, got ${show(b)}`);
    }
    if (o.registration && o.owner === ActionOwner.THIRD_PARTY) {
      fail(undefined, 'RegisterThirdParty', `${factory}: only 'Custom' action types can be registered; ThirdParty action types are published by their partner`);
    }
    this.defaultActionName = o.provider;
  }

  protected targets(scope: Construct, context: IStepContext): CustomStepTargets {
    const o = this.options;
    const inputs = (o.inputs ?? [PipelineArtifact.SOURCE_OUTPUT]).map(ref => context.artifact(ref));
    const outputCount = o.outputCount ?? (this.category === codepipeline.ActionCategory.BUILD ? 1 : 0);
    const bounds = o.artifactBounds ?? CUSTOM_ACTION_PROVIDER.bounds;
    checkArtifactBounds(scope, context, o.provider, bounds, inputs.length, outputCount);
    const outputs = Array.from({ length: outputCount }, (_, i) => context.output(i === 0 ? undefined : `Output${i + 1}`));
    return { inputs, outputs, bounds };
  }

  /** The action, after registering its action type when asked to. */
  protected bound(scope: Construct, _context: IStepContext, t: CustomStepTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    const bounds = t.bounds;
    const owner = o.owner ?? ActionOwner.CUSTOM;
    const version = o.version ?? '1';
    if (o.registration) {
      new codepipeline.CustomActionRegistration(scope, 'ActionType', {
        category: this.category,
        provider: o.provider,
        version,
        artifactBounds: bounds,
        entityUrl: o.registration.entityUrl,
        executionUrl: o.registration.executionUrl,
        actionProperties: Object.keys(o.configuration ?? {}).map(name => ({ name, required: true, key: false, secret: false })),
      });
    }
    return [new GenericAction({
      actionName: base.actionName,
      runOrder: base.runOrder,
      category: this.category,
      owner,
      provider: o.provider,
      version,
      artifactBounds: bounds,
      inputs: t.inputs,
      outputs: t.outputs,
      configuration: o.configuration,
      variablesNamespace: o.variablesNamespace,
    })];
  }
}
