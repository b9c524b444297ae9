import * as iam from 'aws-cdk-lib/aws-iam';
import { ActionContext } from './action-context';
import { APPROVAL_KEYS, artifactPath, CODEBUILD_KEYS, stringMap } from './provider-common';
import * as more from './providers-more';
import { Deploy } from '../deploys/deploy';
import { withArticle } from '../private/names';
import { didYouMean } from '../private/suggest';
import { categoriesOf, providerDefinitions } from '../providers/registry';
import { refuseGitHubVersion1 } from '../sources/connection';

export type { StepFactory } from './step-factory';
import type { StepFactory } from './step-factory';

/** A provider mapping: the provider name it deploys as, and how it makes the step. */
interface ProviderMapping {
  /**
   * The provider CodePipeline sees, where it differs from the spec's (e.g. `CodeStarSourceConnection`
   * for `GitHub`); otherwise the spec's provider name.
   */
  readonly deployedAs?: string;
  readonly make: (a: ActionContext) => StepFactory | undefined;
  /** Takes the Commands keys: `outputVariables` and `files` in `outputArtifacts`. */
  readonly commandsKeys?: boolean;
}

const CLOUDFORMATION_MODES = ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE', 'DELETE_ONLY'];

function cloudFormation(a: ActionContext): StepFactory | undefined {
  a.checkKeys('CloudFormation', ['ActionMode', 'StackName', 'TemplatePath', 'RoleArn', 'ParameterOverrides', 'Capabilities', 'ChangeSetName']);
  a.rejectKeys('CloudFormation deploy', [...CODEBUILD_KEYS, ...APPROVAL_KEYS, 'roleArn', 'namespace']);
  a.expectOutputs('CloudFormation deploy', 0);
  const mode = a.config.ActionMode ?? 'CREATE_UPDATE';
  if (!CLOUDFORMATION_MODES.includes(mode)) {
    a.configProblem('UnsupportedActionMode', mode === 'CHANGE_SET_EXECUTE'
      ? "ActionMode 'CHANGE_SET_EXECUTE' is not supported by the spec: the library executes the change set it creates, so use one action with CHANGE_SET_REPLACE (creates and executes a change set)"
      : `ActionMode '${mode}' is not supported by the spec${didYouMean(mode, CLOUDFORMATION_MODES)}: use CREATE_UPDATE, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE (creates and executes a change set) or DELETE_ONLY`, 'ActionMode');
  }
  const stackName = a.required('StackName', "'shop-prod'");
  const roleArn = a.required('RoleArn', "'arn:aws:iam::111111111111:role/cfn-deploy'");
  if (mode === 'DELETE_ONLY') return more.cloudFormationDelete(a, stackName, roleArn);
  if (mode === 'REPLACE_ON_FAILURE' && a.config.ChangeSetName !== undefined) {
    a.configProblem('ConflictingKeys', "'ChangeSetName' applies to ActionMode CHANGE_SET_REPLACE only: remove it", 'ChangeSetName');
  }
  // The library's action reads exactly the template's artifact: none is invented, none is dropped.
  a.expectInputs('CloudFormation deploy', 1, 1);
  const templatePath = a.required('TemplatePath', "'BuildOutput::cdk.out/Shop.template.json'");
  const parameters = a.json('ParameterOverrides');
  const { input, path } = artifactPath(a, 'TemplatePath', templatePath);
  const capabilities = more.capabilityList(a);
  if (!stackName || !templatePath || !roleArn) return undefined;
  return scope => Deploy.cloudFormation({
    actionName: a.name,
    runOrder: a.data.runOrder,
    stackName,
    templatePath: path!,
    deploymentRole: iam.Role.fromRoleArn(scope, 'DeploymentRole', roleArn, { mutable: false }),
    input: input !== undefined ? a.inputRef(input) : undefined,
    parameterOverrides: parameters ? stringMap(parameters) : undefined,
    capabilities: capabilities ?? [],
    useChangeSet: mode === 'CHANGE_SET_REPLACE',
    replaceOnFailure: mode === 'REPLACE_ON_FAILURE',
    changeSetName: a.config.ChangeSetName,
  });
}

const PROVIDERS: Record<string, Record<string, ProviderMapping>> = {
  Deploy: {
    CloudFormation: { make: cloudFormation },
    CloudFormationStackSet: { make: more.cloudFormationStackSet },
    CloudFormationStackInstances: { make: more.cloudFormationStackInstances },
  },

};

/** The providers the spec builds, per action type (provider modules first). */
export function supportedProviders(actionType: string): string[] {
  const modules = providerDefinitions().filter(d => d.owner === 'AWS' && categoriesOf(d).includes(actionType)).map(d => d.provider);
  return [...modules, ...Object.keys(PROVIDERS[actionType] ?? {}).filter(p => !modules.includes(p))];
}

/** The mapping of a provider, or undefined (after reporting a problem) when the spec cannot build it. */
export function providerMapping(a: ActionContext): ProviderMapping | undefined {
  const actionType: string = a.data.actionType;
  const provider: string = a.data.provider;
  const owner: string = a.data.owner ?? 'AWS';
  if (refuseGitHubVersion1(a)) return undefined;
  if (owner !== 'AWS') {
    // Custom and third-party build, test and deploy actions have a provider module (src/builds/custom-action.ts).
    a.problem('UnsupportedProvider', `the spec builds ${owner} actions of type Build, Test, Deploy only, got ${withArticle(actionType)} action: use owner AWS`, 'owner');
    return undefined;
  }
  if (a.data.version !== undefined && String(a.data.version) !== '1') {
    a.problem('InvalidValue', `AWS action types have version 1, got '${a.data.version}': remove version or set it to 1`, 'version');
  }
  const mapping = PROVIDERS[actionType]?.[provider];
  if (!mapping) {
    const known = supportedProviders(actionType);
    const hint = actionType === 'Build' || actionType === 'Test' || actionType === 'Deploy'
      ? ' (a Jenkins, custom or third-party action type: set owner to Custom or ThirdParty)' : '';
    a.problem('UnsupportedProvider',
      `the spec cannot build a ${actionType} action of provider '${provider}'${didYouMean(provider, known)}: use ${known.join(', ')}${hint}`, 'provider');
  }
  return mapping;
}
