import { CfnCapabilities, IResolvable, IResolveContext, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import { DeniedCall } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import { artifactPath } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { checkArtifactBounds } from '../providers/private/action-checks';
import { checkDeclaredRead } from '../providers/private/declared-files';
import { GenericAction, GenericActionProps } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/**
 * A value of `parameterOverrides` that CloudFormation reads from an input artifact when the action runs
 * (CodePipeline's parameter override functions `Fn::GetArtifactAtt` and `Fn::GetParam`). The artifact
 * becomes an input of the action.
 *
 * @example
 * Deploy.cloudFormation({ stackName: 'shop', templatePath: 'template.yaml', deploymentRole,
 *   parameterOverrides: { CodeBucket: ArtifactParameter.bucketName(PipelineArtifact.fromStep('Lambda')) } });
 */
export class ArtifactParameter {
  /** The name of the bucket the artifact is stored in (`Fn::GetArtifactAtt` `BucketName`). */
  public static bucketName(artifact: PipelineArtifact): string {
    return Token.asString(new ArtifactParameterToken(artifact, 'BucketName'));
  }

  /** The artifact's object key in that bucket (`Fn::GetArtifactAtt` `ObjectKey`). */
  public static objectKey(artifact: PipelineArtifact): string {
    return Token.asString(new ArtifactParameterToken(artifact, 'ObjectKey'));
  }

  /** The artifact's URL (`Fn::GetArtifactAtt` `URL`). */
  public static url(artifact: PipelineArtifact): string {
    return Token.asString(new ArtifactParameterToken(artifact, 'URL'));
  }

  /** The value of `key` in the JSON file `file` of the artifact (`Fn::GetParam`). */
  public static fromJsonFile(artifact: PipelineArtifact, file: string, key: string): string {
    return Token.asString(new ArtifactParameterToken(artifact, undefined, file, key));
  }

  private constructor() {}
}

/** The token `ArtifactParameter` returns; a CloudFormation step replaces it by the function on its artifact's name. */
class ArtifactParameterToken implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(
    public readonly artifact: PipelineArtifact,
    public readonly attribute?: string,
    public readonly file?: string,
    public readonly key?: string,
  ) {}

  /** The override function on the resolved artifact. */
  public render(artifact: codepipeline.Artifact): Record<string, string[]> {
    return this.attribute !== undefined
      ? { 'Fn::GetArtifactAtt': [artifact.artifactName!, this.attribute] }
      : { 'Fn::GetParam': [artifact.artifactName!, this.file!, this.key!] };
  }

  public resolve(_context: IResolveContext): any {
    throw new Error(`ArtifactParameter values (${this.toString()}) belong in the parameterOverrides of a CloudFormation step only`);
  }

  public toString(): string {
    return this.attribute !== undefined ? `${this.attribute} of ${this.artifact}` : `'${this.key}' of ${this.file} in ${this.artifact}`;
  }
}

/** The ArtifactParameter a value is, if it is one. */
function artifactParameter(value: unknown): ArtifactParameterToken | undefined {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) return undefined;
  const token = Tokenization.reverseString(value).firstToken;
  return token instanceof ArtifactParameterToken ? token : undefined;
}

/**
 * A declared action that, as aws-cdk-lib's CloudFormation actions do, grants the role it runs as the artifact
 * reads and writes it makes: nothing more for the library's own role (its policy is written by the step and
 * takes no further grant), the bucket's and key's policy statements for a role of another account.
 */
export class ArtifactAccessAction extends GenericAction {
  constructor(private readonly access: GenericActionProps) {
    super(access);
  }

  protected bound(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    if ((this.access.outputs ?? []).length > 0) options.bucket.grantReadWrite(options.role);
    else if ((this.access.inputs ?? []).length > 0) options.bucket.grantRead(options.role);
    return super.bound(scope, stage, options);
  }
}

/** Options of the CloudFormation action that every mode takes: the stack, its artifacts and the action's output. */
export interface CloudFormationStackOptions extends StepOptions {
  /** The stack to create, update, change or delete. */
  readonly stackName: string;

  /**
   * The role CloudFormation assumes to create, change or delete the stack's resources (`RoleArn`). Give it
   * exactly what the template needs: the pipeline may pass this role and nothing else.
   *
   * @default - none: CloudFormation acts with the action role's own permissions, which the library limits to
   * the stack calls (give `role`, an existing role holding what the template needs, for more)
   */
  readonly deploymentRole?: iam.IRole;

  /**
   * Further input artifacts of the action (up to 10 in all), e.g. one whose files a template parameter
   * reads, or one CloudFormation reads for a Lambda function's code. Artifacts named by
   * `input`, `templateConfigurationInput` and `ArtifactParameter` values are inputs already.
   *
   * @default - none
   */
  readonly extraInputs?: PipelineArtifact[];

  /**
   * Writes the stack's outputs to this JSON file in an output artifact of the step (`OutputFileName`),
   * e.g. for a test that reads the deployed endpoint.
   *
   * @default - no output artifact
   */
  readonly outputFileName?: string;

  /**
   * With `outputFileName`: declare the output artifact that holds the file. False writes `OutputFileName`
   * without an output artifact (CodePipeline accepts it, and then keeps no file).
   *
   * @default true
   */
  readonly outputArtifact?: boolean;
}

/** Options for `Deploy.cloudFormation`. */
export interface CloudFormationDeployOptions extends CloudFormationStackOptions {
  /** The template's path inside the input artifact, e.g. `cdk.out/Shop.template.json`. */
  readonly templatePath: string;

  /**
   * The artifact holding the template.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * A template configuration file (parameter values, tags, stack policy) in an input artifact
   * (`TemplateConfiguration`), e.g. `config/prod.json`.
   *
   * @default - none
   */
  readonly templateConfiguration?: string;

  /**
   * The artifact holding `templateConfiguration`.
   *
   * @default - the template's artifact (`input`)
   */
  readonly templateConfigurationInput?: PipelineArtifact;

  /**
   * Template parameter values (at most 1 KB of JSON); a value may be read from an artifact with
   * `ArtifactParameter` (`Fn::GetArtifactAtt`, `Fn::GetParam`).
   *
   * @default - none
   */
  readonly parameterOverrides?: Record<string, any>;

  /**
   * Capabilities the template needs.
   *
   * @default [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND]
   */
  readonly capabilities?: CfnCapabilities[];

  /**
   * Deploy through a change set (`CHANGE_SET_REPLACE`): one action creates it so that it can be reviewed,
   * the next executes it (unless `executeChangeSet` is false).
   *
   * @default false - the stack is created or updated directly
   */
  readonly useChangeSet?: boolean;

  /**
   * With `useChangeSet`: execute the change set in a second action right after it is created. False
   * creates (replaces) the change set only; execute it later with `Deploy.cloudFormationExecuteChangeSet`
   * (e.g. after a manual approval).
   *
   * @default true
   */
  readonly executeChangeSet?: boolean;

  /**
   * When the stack is in a failed state (e.g. ROLLBACK_COMPLETE), delete it and create it again instead
   * of failing (`REPLACE_ON_FAILURE`). Only for direct deploys (not `useChangeSet`); never use it for stacks
   * holding data.
   *
   * @default false
   */
  readonly replaceOnFailure?: boolean;

  /**
   * The change set's name (with `useChangeSet`; a direct deploy writes it as given, CodePipeline ignores it).
   *
   * @default '<stackName>-changes' with `useChangeSet`, otherwise none
   */
  readonly changeSetName?: string;
}

/**
 * Keys of the CloudFormation action that CodePipeline ignores when it executes a change set or deletes a
 * stack (the change set carries the template, parameters and role it was created with), written to the
 * action as given: a declaration copied from a deploy keeps them.
 */
export interface CloudFormationIgnoredOptions {
  /**
   * `TemplatePath`, ignored in this mode.
   *
   * @default - none
   */
  readonly templatePath?: string;

  /**
   * The artifact holding `templatePath` (an input of the action).
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * `TemplateConfiguration`, ignored in this mode.
   *
   * @default - none
   */
  readonly templateConfiguration?: string;

  /**
   * The artifact holding `templateConfiguration` (an input of the action).
   *
   * @default - the template's artifact (`input`)
   */
  readonly templateConfigurationInput?: PipelineArtifact;

  /**
   * `ParameterOverrides`, ignored in this mode.
   *
   * @default - none
   */
  readonly parameterOverrides?: Record<string, any>;

  /**
   * `Capabilities`, ignored in this mode.
   *
   * @default - none
   */
  readonly capabilities?: CfnCapabilities[];
}

/** Options for `Deploy.cloudFormationExecuteChangeSet`. */
export interface CloudFormationExecuteChangeSetOptions extends CloudFormationStackOptions, CloudFormationIgnoredOptions {
  /** The change set to execute (created earlier, e.g. by `Deploy.cloudFormation` with `executeChangeSet: false`). */
  readonly changeSetName: string;
}

/** The action modes of the CloudFormation provider. */
export type StackMode = 'CREATE_UPDATE' | 'REPLACE_ON_FAILURE' | 'CHANGE_SET_REPLACE' | 'CHANGE_SET_EXECUTE' | 'DELETE_ONLY';

/** One CloudFormation action a step declares. */
export interface StackAction {
  readonly mode: StackMode;
  /** Appended to the step's action name (the two actions of a change set deploy: `-Prepare`, `-Execute`). */
  readonly nameSuffix?: string;
  /** Added to the step's run order (the execute action runs after the one that prepares the change set). */
  readonly runOrderOffset?: number;
  readonly changeSetName?: string;
  readonly template?: { readonly input: PipelineArtifact; readonly path: string };
  readonly templateConfiguration?: { readonly input: PipelineArtifact; readonly path: string };
  readonly parameterOverrides?: Record<string, any>;
  readonly capabilities?: CfnCapabilities[];
  readonly outputFileName?: string;
  readonly extraInputs?: PipelineArtifact[];
  /** Write the deployment role as `RoleArn` (CodePipeline ignores it when executing a change set). */
  readonly showsRole: boolean;
}

/** A stack's (or stack set's) name: a letter, then letters, digits and '-', at most 128 characters. */
export const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Fails unless `stackName` is a valid stack name. */
export function checkStackName(factory: string, stackName: string): void {
  if (!Token.isUnresolved(stackName) && !STACK_NAME.test(stackName)) {
    fail(undefined, 'InvalidStackName',
      `${factory}: stackName must start with a letter and hold only letters, digits and '-' (at most 128), got ${show(stackName)}`);
  }
}

/** The account of a deployment role of another account: the stack is there, so the action must run there too. */
function roleAccount(role: iam.IRole | undefined): string | undefined {
  const account = role?.env.account;
  return account === undefined || Token.isUnresolved(account) ? undefined : account;
}

/** One CloudFormation action of a step, its artifacts resolved and its keys rendered. */
interface ResolvedStackAction {
  readonly s: StackAction;
  readonly inputs: codepipeline.Artifact[];
  readonly output?: codepipeline.Artifact;
  readonly template?: string;
  readonly configuration?: string;
  readonly overrides?: string;
}

/** What the CloudFormation steps' IAM and actions read, resolved from their options. */
export interface CloudFormationTargets {
  /** The stack's ARN pattern (`stack/<name>/*`), in the step's region and account (the deployment role's when it names one). */
  readonly stackArn: string;
  /** An example ARN of the stack, for the calls. */
  readonly exampleStackArn: string;
  /** An example ARN of another stack, for the denied calls. */
  readonly otherStackArn: string;
  /** The step's change set, which the change set calls are limited to. */
  readonly changeSetName?: string;
  /** The role CloudFormation assumes, when the step gives one. */
  readonly deploymentRoleArn?: string;
  /** Whether an action reads input artifacts. */
  readonly reads: boolean;
  /** Whether an action writes an output artifact. */
  readonly writes: boolean;
  /** The step's actions, in order. */
  readonly actions: ResolvedStackAction[];
}

/**
 * Resolves the CloudFormation actions of one step: the stack's ARNs, then every artifact (the template's and
 * configuration's files are declared, the parameter overrides fit, the artifact bounds hold).
 */
function stackTargets(scope: Construct, context: IStepContext, o: CloudFormationStackOptions, stackActions: StackAction[]): CloudFormationTargets {
  const stack = Stack.of(scope);
  // The stack is in the step's region and account (those of the deployment role when it names one).
  const where = { region: o.region ?? stack.region, account: o.account ?? roleAccount(o.deploymentRole) ?? stack.account };

  const actions = stackActions.map((s): ResolvedStackAction => {
    // Executing a change set or deleting a stack reads no template (CodePipeline ignores the keys then).
    const readsTemplate = s.mode !== 'CHANGE_SET_EXECUTE' && s.mode !== 'DELETE_ONLY';
    const inputs: codepipeline.Artifact[] = [];
    const add = (a: codepipeline.Artifact) => {
      if (!inputs.includes(a)) inputs.push(a);
    };
    (s.extraInputs ?? []).forEach(ref => add(context.artifact(ref)));
    // An `Artifact::path` key: the artifact is an input, the file is declared by its producer (when read).
    const location = (file: { readonly input: PipelineArtifact; readonly path: string } | undefined, what: string): string | undefined => {
      if (!file) return undefined;
      const artifact = context.artifact(file.input);
      add(artifact);
      if (readsTemplate) checkDeclaredRead(scope, artifact, file.path, what, 'TemplateNotDeclared');
      return `${artifact.artifactName}::${file.path}`;
    };
    const template = location(s.template, 'the template');
    const configuration = location(s.templateConfiguration, 'the template configuration');
    let overrides: string | undefined;
    if (s.parameterOverrides !== undefined) {
      const values = Object.fromEntries(Object.entries(s.parameterOverrides).map(([key, value]) => {
        const parameter = artifactParameter(value);
        if (!parameter) return [key, value];
        const artifact = context.artifact(parameter.artifact);
        add(artifact);
        return [key, parameter.render(artifact)];
      }));
      const plain = JSON.stringify(values);
      if (plain.length > 1024 && !Token.isUnresolved(plain)) {
        fail(scope, 'ParameterOverridesTooLarge',
          `parameterOverrides is ${plain.length} bytes of JSON; CodePipeline allows 1024: move values into a template configuration file`);
      }
      overrides = Token.isUnresolved(plain) ? stack.toJsonString(values) : plain;
    }
    const output = s.outputFileName !== undefined && o.outputArtifact !== false ? context.output() : undefined;
    checkArtifactBounds(scope, context, 'CloudFormation', CLOUDFORMATION_PROVIDER.bounds, inputs.length, output ? 1 : 0);
    return { s, inputs, output, template, configuration, overrides };
  });

  return {
    stackArn: stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${o.stackName}/*`, ...where }),
    exampleStackArn: exampleStackArn(stack, o.stackName, where),
    otherStackArn: exampleStackArn(stack, 'intruder', where),
    changeSetName: stackActions.find(s => s.changeSetName !== undefined)?.changeSetName,
    deploymentRoleArn: o.deploymentRole?.roleArn,
    reads: actions.some(r => r.inputs.length > 0),
    writes: actions.some(r => r.output !== undefined),
    actions,
  };
}

/**
 * The CloudFormation actions of one step, all running as the step's one action role.
 */
function stackActionsOf(o: CloudFormationStackOptions, t: CloudFormationTargets, base: ActionBase): codepipeline.IAction[] {
  return t.actions.map(({ s, inputs, output, template, configuration, overrides }) => new ArtifactAccessAction({
    actionName: s.nameSuffix !== undefined ? `${base.actionName}${s.nameSuffix}`.slice(0, 100) : base.actionName,
    runOrder: base.runOrder + (s.runOrderOffset ?? 0),
    category: codepipeline.ActionCategory.DEPLOY,
    owner: 'AWS',
    provider: 'CloudFormation',
    version: '1',
    artifactBounds: CLOUDFORMATION_PROVIDER.bounds,
    inputs,
    outputs: output ? [output] : undefined,
    role: base.role,
    configuration: {
      ActionMode: s.mode,
      StackName: o.stackName,
      ChangeSetName: s.changeSetName,
      TemplatePath: template,
      TemplateConfiguration: configuration,
      RoleArn: o.deploymentRole && s.showsRole ? o.deploymentRole.roleArn : undefined,
      Capabilities: s.capabilities && s.capabilities.length > 0 ? s.capabilities.join(',') : undefined,
      ParameterOverrides: overrides,
      OutputFileName: s.outputFileName,
    },
  }));
}

/** The CloudFormation deploy action's reference page; its "Service role permissions" section lists the stack calls. */
export const CLOUDFORMATION_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html#edit-role-cloudformation';

/** An example stack ARN (`stack/<name>/<id>`) for simulation, built from the stack's name. */
export function exampleStackArn(stack: Stack, stackName: string, where: { region?: string; account?: string } = {}): string {
  return stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stackName}/0a1b2c3d-4e5f-6789-abcd-ef0123456789`, ...where });
}

/**
 * The IAM of the one action role of a CloudFormation step whose actions run in `modes`: the modes' stack
 * calls, the change set calls on the step's change set only, PassRole of the deployment role (when an action
 * applies it), the artifacts read and written. The action reference page lists the calls of all modes
 * together; each mode makes its own, and the neighbouring calls it must not make are denied.
 */
function stackIam(modes: StackMode[]): ProviderIam<CloudFormationTargets> {
  const has = (...m: StackMode[]) => modes.some(mode => m.includes(mode));
  const stackCalls = has('CREATE_UPDATE', 'REPLACE_ON_FAILURE')
    ? ['cloudformation:CreateStack', 'cloudformation:UpdateStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents',
      ...(has('REPLACE_ON_FAILURE', 'DELETE_ONLY') ? ['cloudformation:DeleteStack'] : [])]
    : has('DELETE_ONLY')
      ? ['cloudformation:DeleteStack', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents']
      : ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'];
  const changeSetCalls = [
    ...(has('CHANGE_SET_REPLACE') ? ['cloudformation:CreateChangeSet'] : []),
    ...(has('CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE') ? ['cloudformation:DescribeChangeSet'] : []),
    ...(has('CHANGE_SET_REPLACE') ? ['cloudformation:DeleteChangeSet'] : []),
    ...(has('CHANGE_SET_EXECUTE') ? ['cloudformation:ExecuteChangeSet'] : []),
  ];
  // Every mode but executing a change set applies the deployment role (a change set runs with the role it was created with).
  const passesRole = modes.some(mode => mode !== 'CHANGE_SET_EXECUTE');
  const changeSet = (t: CloudFormationTargets) => ({ 'cloudformation:ChangeSetName': t.changeSetName ?? '' });
  return {
    documentation: CLOUDFORMATION_DOC,
    artifacts: t => (t.writes ? ArtifactAccess.READ_WRITE : t.reads ? ArtifactAccess.READ : ArtifactAccess.NONE),
    statements: [
      {
        actions: stackCalls,
        resources: t => [t.stackArn],
        calls: t => [{ resource: t.exampleStackArn }],
      },
      // The change set actions, for the step's change set only.
      ...(changeSetCalls.length > 0 ? [{
        actions: changeSetCalls,
        resources: (t: CloudFormationTargets) => [t.stackArn],
        conditions: (t: CloudFormationTargets) => ({ StringEqualsIfExists: { 'cloudformation:ChangeSetName': t.changeSetName } }),
        calls: (t: CloudFormationTargets) => [{ resource: t.exampleStackArn, context: changeSet(t) }],
      }] : []),
      ...(passesRole ? [{
        actions: ['iam:PassRole'],
        resources: (t: CloudFormationTargets) => (t.deploymentRoleArn !== undefined ? [t.deploymentRoleArn] : []),
        conditions: () => ({ StringEqualsIfExists: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }),
        calls: (t: CloudFormationTargets) => [{ resource: t.deploymentRoleArn!, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }],
      }] : []),
    ],
    denied: t => {
      const denied: DeniedCall[] = [{ action: 'cloudformation:UpdateStack', resource: t.otherStackArn, reason: 'another stack' }];
      if (!has('CREATE_UPDATE', 'REPLACE_ON_FAILURE')) {
        denied.push({
          action: 'cloudformation:UpdateStack',
          resource: t.exampleStackArn,
          reason: has('CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE')
            ? 'the stack changes through the reviewed change set only' : 'the step never updates the stack',
        });
      }
      if (has('REPLACE_ON_FAILURE', 'DELETE_ONLY')) {
        denied.push({ action: 'cloudformation:DeleteStack', resource: t.otherStackArn, reason: 'another stack' });
      } else {
        denied.push({ action: 'cloudformation:DeleteStack', resource: t.exampleStackArn, reason: 'the step never deletes the stack (only REPLACE_ON_FAILURE and DELETE_ONLY do)' });
      }
      if (has('CHANGE_SET_EXECUTE')) {
        denied.push({ action: 'cloudformation:ExecuteChangeSet', resource: t.exampleStackArn, reason: "a change set other than the step's", context: { 'cloudformation:ChangeSetName': 'intruder' } });
      } else if (has('CHANGE_SET_REPLACE')) {
        denied.push({ action: 'cloudformation:ExecuteChangeSet', resource: t.exampleStackArn, reason: 'the step creates the change set for review; another action executes it', context: changeSet(t) });
      }
      return denied;
    },
  };
}

/** A direct deploy (`CREATE_UPDATE`). */
export const CLOUDFORMATION_CREATE_UPDATE_IAM = stackIam(['CREATE_UPDATE']);
/** A direct deploy that replaces a failed stack (`REPLACE_ON_FAILURE`). */
export const CLOUDFORMATION_REPLACE_ON_FAILURE_IAM = stackIam(['REPLACE_ON_FAILURE']);
/** A change set created for review (`CHANGE_SET_REPLACE`), executed by another step. */
export const CLOUDFORMATION_CHANGE_SET_REPLACE_IAM = stackIam(['CHANGE_SET_REPLACE']);
/** A change set deploy: one action creates the change set, the next executes it. */
export const CLOUDFORMATION_CHANGE_SET_DEPLOY_IAM = stackIam(['CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE']);
/** `Deploy.cloudFormationExecuteChangeSet` (`CHANGE_SET_EXECUTE`). */
export const CLOUDFORMATION_EXECUTE_CHANGE_SET_IAM = stackIam(['CHANGE_SET_EXECUTE']);
/** `Deploy.cloudFormationDelete` (`DELETE_ONLY`). */
export const CLOUDFORMATION_DELETE_IAM = stackIam(['DELETE_ONLY']);

/**
 * A CloudFormation step: its actions (`stackActions`) share one action role, whose IAM is that of their
 * modes (`permissions`).
 */
export abstract class CloudFormationStackStep<O extends CloudFormationStackOptions> extends ProviderAction<O, CloudFormationTargets> {
  /** The deployment role's account when it is another one: the stack is there (see `stackTargets`), so the step runs there. */
  public readonly targetAccount?: string;

  constructor(options: O) {
    super(options);
    this.targetAccount = roleAccount(options.deploymentRole);
  }

  /** The step's actions: the modes, the keys each writes. */
  protected abstract stackActions(): StackAction[];

  protected targets(scope: Construct, context: IStepContext): CloudFormationTargets {
    return stackTargets(scope, context, this.options, this.stackActions());
  }

  protected bound(_scope: Construct, _context: IStepContext, t: CloudFormationTargets, base: ActionBase): codepipeline.IAction[] {
    return stackActionsOf(this.options, t, base);
  }
}

export class CloudFormationDeploy extends CloudFormationStackStep<CloudFormationDeployOptions> {
  public readonly defaultActionName: string;
  protected readonly permissions: ProviderIam<CloudFormationTargets>;

  constructor(options: CloudFormationDeployOptions) {
    super(options);
    checkStackName('Deploy.cloudFormation', options.stackName);
    if (!options.templatePath || options.templatePath.trim() === '') {
      fail(undefined, 'MissingTemplatePath', "Deploy.cloudFormation: templatePath is empty: give the template's path in the build output, e.g. 'cdk.out/Shop.template.json'");
    }
    if (options.replaceOnFailure && options.useChangeSet) {
      fail(undefined, 'ReplaceOnFailureWithChangeSet',
        "Deploy.cloudFormation: 'replaceOnFailure' applies to direct deploys only, but 'useChangeSet' is set: drop one of them");
    }
    if (options.executeChangeSet !== undefined && !options.useChangeSet) {
      fail(undefined, 'ExecuteChangeSetWithoutChangeSet',
        "Deploy.cloudFormation: 'executeChangeSet' applies with 'useChangeSet' only: set 'useChangeSet: true' or remove 'executeChangeSet'");
    }
    this.defaultActionName = `Deploy-${options.stackName}`.slice(0, 100);
    this.permissions = !options.useChangeSet
      ? (options.replaceOnFailure ? CLOUDFORMATION_REPLACE_ON_FAILURE_IAM : CLOUDFORMATION_CREATE_UPDATE_IAM)
      : (options.executeChangeSet === false ? CLOUDFORMATION_CHANGE_SET_REPLACE_IAM : CLOUDFORMATION_CHANGE_SET_DEPLOY_IAM);
  }

  protected stackActions(): StackAction[] {
    const o = this.options;
    const input = o.input ?? PipelineArtifact.BUILD_OUTPUT;
    const deploy = {
      template: { input, path: o.templatePath },
      templateConfiguration: o.templateConfiguration !== undefined
        ? { input: o.templateConfigurationInput ?? input, path: o.templateConfiguration } : undefined,
      parameterOverrides: o.parameterOverrides ?? {},
      capabilities: o.capabilities ?? [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND],
      extraInputs: o.extraInputs,
      showsRole: true,
    };
    if (!o.useChangeSet) {
      return [{
        ...deploy,
        mode: o.replaceOnFailure ? 'REPLACE_ON_FAILURE' : 'CREATE_UPDATE',
        outputFileName: o.outputFileName,
        // CodePipeline ignores it in these modes; written as given.
        changeSetName: o.changeSetName,
      }];
    }
    const changeSetName = o.changeSetName ?? `${o.stackName}-changes`;
    if (o.executeChangeSet === false) {
      return [{ ...deploy, mode: 'CHANGE_SET_REPLACE', changeSetName, outputFileName: o.outputFileName }];
    }
    return [
      { ...deploy, mode: 'CHANGE_SET_REPLACE', nameSuffix: '-Prepare', changeSetName },
      {
        mode: 'CHANGE_SET_EXECUTE',
        nameSuffix: '-Execute',
        runOrderOffset: 1,
        changeSetName,
        outputFileName: o.outputFileName,
        showsRole: false,
      },
    ];
  }
}

/**
 * The one action of an execute or delete step; the keys its mode ignores are written as given. (Only a
 * delete passes the deployment role: a change set is executed with the role it was created with; see the
 * modes' IAM.)
 */
export function ignoringStackActions(o: CloudFormationStackOptions & CloudFormationIgnoredOptions,
  mode: 'CHANGE_SET_EXECUTE' | 'DELETE_ONLY', changeSetName: string | undefined): StackAction[] {
  const input = o.input ?? PipelineArtifact.BUILD_OUTPUT;
  return [{
    mode,
    changeSetName,
    template: o.templatePath !== undefined ? { input, path: o.templatePath } : undefined,
    templateConfiguration: o.templateConfiguration !== undefined
      ? { input: o.templateConfigurationInput ?? input, path: o.templateConfiguration } : undefined,
    parameterOverrides: o.parameterOverrides,
    capabilities: o.capabilities,
    outputFileName: o.outputFileName,
    extraInputs: o.extraInputs,
    showsRole: true,
  }];
}

export class CloudFormationExecuteChangeSet extends CloudFormationStackStep<CloudFormationExecuteChangeSetOptions> {
  public readonly defaultActionName: string;
  protected readonly permissions = CLOUDFORMATION_EXECUTE_CHANGE_SET_IAM;

  constructor(options: CloudFormationExecuteChangeSetOptions) {
    super(options);
    checkStackName('Deploy.cloudFormationExecuteChangeSet', options.stackName);
    this.defaultActionName = `Execute-${options.stackName}`.slice(0, 100);
  }

  protected stackActions(): StackAction[] {
    return ignoringStackActions(this.options, 'CHANGE_SET_EXECUTE', this.options.changeSetName);
  }
}

const MODES: StackMode[] = ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE', 'DELETE_ONLY'];
/** The values of the `Capabilities` key (also the stack set provider's). */
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];
const ARTIFACT_ATTRIBUTES: Record<string, (artifact: PipelineArtifact) => string> = {
  BucketName: ArtifactParameter.bucketName,
  ObjectKey: ArtifactParameter.objectKey,
  URL: ArtifactParameter.url,
};

/**
 * `ParameterOverrides` as typed values: `Fn::GetArtifactAtt` and `Fn::GetParam` on an input artifact become
 * `ArtifactParameter` values (so they name the artifact as the library names it), anything else is kept.
 */
function parameterOverrides(a: ActionContext): Record<string, any> | undefined {
  const text = a.config.ParameterOverrides;
  if (text === undefined) return undefined;
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // the key's value rule reported it
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    a.configProblem('InvalidConfiguration', `'ParameterOverrides' must be a JSON object of parameter names and values, e.g. '{"Env":"prod"}', got '${text}'`, 'ParameterOverrides');
    return undefined;
  }
  const artifact = (name: unknown): PipelineArtifact | undefined => {
    if (typeof name === 'string' && a.inputs.includes(name)) return a.inputRef(name);
    a.configProblem('InvalidConfiguration',
      `ParameterOverrides reads artifact ${JSON.stringify(name)}, which is not among the action's inputArtifacts (${a.inputs.join(', ') || 'none'}): add it to inputArtifacts`, 'ParameterOverrides');
    return undefined;
  };
  return Object.fromEntries(Object.entries(parsed).map(([key, value]: [string, any]) => {
    const fn = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 ? Object.keys(value)[0] : undefined;
    const args = fn !== undefined ? value[fn] : undefined;
    if (fn === 'Fn::GetArtifactAtt' && Array.isArray(args) && args.length === 2 && ARTIFACT_ATTRIBUTES[args[1]]) {
      const ref = artifact(args[0]);
      return [key, ref ? ARTIFACT_ATTRIBUTES[args[1]](ref) : value];
    }
    if (fn === 'Fn::GetParam' && Array.isArray(args) && args.length === 3 && args.every(v => typeof v === 'string')) {
      const ref = artifact(args[0]);
      return [key, ref ? ArtifactParameter.fromJsonFile(ref, args[1], args[2]) : value];
    }
    return [key, value];
  }));
}

/** An `Artifact::path` key as a typed artifact and path. */
function fileIn(a: ActionContext, key: string): { input?: PipelineArtifact; path?: string } {
  const value = a.config[key];
  if (value !== undefined && !value.includes('::') && a.inputs.length === 0) {
    a.configProblem('InvalidConfiguration', `${key} '${value}' names no input artifact and the action has none: write it as InputArtifact::path and list the artifact in inputArtifacts`, key);
  }
  const { input, path } = artifactPath(a, key, value);
  return { input: input !== undefined && a.inputs.includes(input) ? a.inputRef(input) : undefined, path };
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const mode = (c.ActionMode ?? 'CREATE_UPDATE') as StackMode;
  const stackName = c.StackName;
  if (!MODES.includes(mode) || stackName === undefined) return undefined;
  const roleArn = c.RoleArn;
  const template = fileIn(a, 'TemplatePath');
  const configuration = fileIn(a, 'TemplateConfiguration');
  if (['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE'].includes(mode) && c.TemplatePath === undefined) {
    a.required('TemplatePath', `'BuildOutput::template.yaml' (ActionMode ${mode} deploys a template)`);
  }
  const overrides = parameterOverrides(a);
  const capabilities = c.Capabilities !== undefined ? c.Capabilities.split(',').map(v => v.trim()) as CfnCapabilities[] : [];
  if (a.outputs.length > 0 && c.OutputFileName === undefined) {
    a.configProblem('InvalidConfiguration', "the output artifact of a CloudFormation action holds the stack's outputs file: add 'OutputFileName' (e.g. 'outputs.json') or remove outputArtifacts", 'OutputFileName');
  }
  if (c.TemplatePath !== undefined && template.input === undefined) return undefined;
  if (c.TemplateConfiguration !== undefined && configuration.input === undefined) return undefined;
  // Every declared input, in the declared order (the template's and the configuration's among them).
  const extraInputs = a.inputs.map(i => a.inputRef(i));
  return scope => {
    const common = {
      actionName: a.name,
      runOrder: a.data.runOrder,
      // The stack's ARNs are in the action's region (the pipeline places the action there).
      region: a.data.region,
      stackName,
      deploymentRole: roleArn !== undefined ? iam.Role.fromRoleArn(scope, 'DeploymentRole', roleArn, { mutable: false }) : undefined,
      extraInputs,
      outputFileName: c.OutputFileName,
      outputArtifact: c.OutputFileName !== undefined && a.outputs.length === 0 ? false : undefined,
    };
    const ignored = {
      templatePath: template.path,
      input: template.input,
      templateConfiguration: configuration.path,
      templateConfigurationInput: configuration.input,
      parameterOverrides: overrides,
      capabilities,
    };
    switch (mode) {
      case 'CHANGE_SET_EXECUTE':
        return Deploy.cloudFormationExecuteChangeSet({ ...common, ...ignored, changeSetName: c.ChangeSetName ?? `${stackName}-changes` });
      case 'DELETE_ONLY':
        return Deploy.cloudFormationDelete({ ...common, ...ignored, changeSetName: c.ChangeSetName });
      default:
        return Deploy.cloudFormation({
          ...common,
          ...ignored,
          templatePath: template.path!,
          capabilities,
          useChangeSet: mode === 'CHANGE_SET_REPLACE' ? true : undefined,
          executeChangeSet: mode === 'CHANGE_SET_REPLACE' ? false : undefined,
          replaceOnFailure: mode === 'REPLACE_ON_FAILURE' ? true : undefined,
          changeSetName: c.ChangeSetName,
        });
    }
  };
}

/** The CloudFormation deploy provider (action reference: CloudFormation), every action mode. */
export const CLOUDFORMATION_PROVIDER: ProviderDefinition = {
  title: 'AWS CloudFormation deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'CloudFormation',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CloudFormation.html',
  factory: 'Deploy.cloudFormation',
  iam: [CLOUDFORMATION_CREATE_UPDATE_IAM, CLOUDFORMATION_REPLACE_ON_FAILURE_IAM, CLOUDFORMATION_CHANGE_SET_REPLACE_IAM,
    CLOUDFORMATION_CHANGE_SET_DEPLOY_IAM, CLOUDFORMATION_EXECUTE_CHANGE_SET_IAM, CLOUDFORMATION_DELETE_IAM],
  bounds: { minInputs: 0, maxInputs: 10, minOutputs: 0, maxOutputs: 1 },
  keys: [
    { name: 'ActionMode', kind: KeyKind.ENUM, values: MODES, option: 'useChangeSet, executeChangeSet, replaceOnFailure; Deploy.cloudFormationExecuteChangeSet, Deploy.cloudFormationDelete', description: 'What CloudFormation does: create or update the stack, replace a failed one, create a change set, execute a change set, delete the stack. CodePipeline requires it; the library writes CREATE_UPDATE when it is left out.', example: 'CREATE_UPDATE' },
    { name: 'StackName', required: true, kind: KeyKind.STRING, option: 'stackName', description: 'The stack to create, update, change or delete.', example: 'shop-prod' },
    { name: 'ChangeSetName', kind: KeyKind.STRING, option: 'changeSetName', description: 'The change set to create (CHANGE_SET_REPLACE) or execute (CHANGE_SET_EXECUTE); the library writes <StackName>-changes when it is left out in those modes.', example: 'shop-prod-changes' },
    { name: 'TemplatePath', kind: KeyKind.STRING, option: 'templatePath, input', description: 'The template, as InputArtifact::path (CREATE_UPDATE, REPLACE_ON_FAILURE and CHANGE_SET_REPLACE require it).', example: 'BuildOutput::cdk.out/Shop.template.json' },
    { name: 'TemplateConfiguration', kind: KeyKind.STRING, option: 'templateConfiguration, templateConfigurationInput', description: 'A template configuration file (parameters, tags, stack policy), as InputArtifact::path.', example: 'BuildOutput::config/prod.json' },
    { name: 'RoleArn', kind: KeyKind.STRING, option: 'deploymentRole', description: 'The role CloudFormation assumes to change the stack (not applied when executing a change set); without it CloudFormation acts with the action role.', example: 'arn:aws:iam::123456789012:role/cfn-deploy' },
    { name: 'Capabilities', kind: KeyKind.LIST, values: CAPABILITIES, option: 'capabilities', description: 'The capabilities the template needs, comma-separated.', example: 'CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND' },
    { name: 'ParameterOverrides', kind: KeyKind.JSON, option: 'parameterOverrides (ArtifactParameter for Fn::GetArtifactAtt, Fn::GetParam)', description: 'Template parameter values as a JSON object (at most 1 KB); Fn::GetArtifactAtt and Fn::GetParam read them from input artifacts.', example: '{"Env":"prod"}' },
    { name: 'OutputFileName', kind: KeyKind.STRING, option: 'outputFileName', description: "A JSON file with the stack's outputs, written to the action's output artifact.", example: 'outputs.json' },
  ],
  samples: [
    { values: { TemplatePath: '{input}::template.yaml' }, inputs: 1, outputs: 0 },
    { values: { TemplatePath: '{input}::template.yaml', OutputFileName: 'outputs.json' }, keys: ['Capabilities', 'ParameterOverrides'], inputs: 1, outputs: 1 },
    { values: { ActionMode: 'CHANGE_SET_REPLACE', ChangeSetName: 'shop-changes', TemplatePath: '{input}::template.yaml' }, inputs: 1, outputs: 0 },
    { values: { ActionMode: 'CHANGE_SET_EXECUTE', ChangeSetName: 'shop-changes' }, inputs: 0, outputs: 0 },
    { values: { ActionMode: 'DELETE_ONLY' }, inputs: 0, outputs: 0 },
  ],
  fromFile,
};
