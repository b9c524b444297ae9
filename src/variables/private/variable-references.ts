import { Stack } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { recordedConfiguration } from '../../validation/recorded-action';

/** The output variables of providers whose variables are fixed (others export any name they like). */
const KNOWN_OUTPUTS: Record<string, string[]> = {
  CodeStarSourceConnection: ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'ConnectionArn', 'FullRepositoryName'],
  CodeCommit: ['AuthorDate', 'BranchName', 'CommitId', 'CommitMessage', 'CommitterDate', 'RepositoryName'],
  S3: ['ETag', 'VersionId'],
  ECR: ['ImageDigest', 'ImageTag', 'ImageURI', 'RegistryId', 'RepositoryName'],
  ECS: [],
};

interface RuleInfo {
  readonly name: string;
  readonly configuration?: Record<string, string>;
}

/** A stage's condition rules, by hook. */
export interface ConditionRules {
  readonly beforeEntry?: RuleInfo[];
  readonly onSuccess?: RuleInfo[];
  readonly onFailure?: RuleInfo[];
}

const REFERENCE = /#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_.-]+)\}/g;

interface Namespace {
  readonly provider: string;
  readonly action: string;
}

/**
 * Checks every `#{namespace.variable}` the pipeline uses (in action configurations and stage
 * conditions): `variables` must name a declared pipeline variable, and any other namespace must
 * belong to an action that runs earlier and (for providers with fixed outputs) output that variable.
 *
 * @returns the problems found, one message each
 */
export function validateVariableReferences(pipeline: codepipeline.Pipeline, variableNames: string[],
  conditionRules: (stageName: string) => ConditionRules): string[] {
  const stack = Stack.of(pipeline);
  const errors: string[] = [];
  const available = new Map<string, Namespace>();
  const declared = new Set(variableNames);

  const check = (where: string, value: unknown): void => {
    const text = JSON.stringify(value ?? {});
    for (const match of text.matchAll(REFERENCE)) {
      const [ref, namespace, variable] = match;
      if (namespace === 'codepipeline') continue;
      if (namespace === 'variables') {
        if (!declared.has(variable)) {
          const known = [...declared].map(n => `'${n}'`).join(', ') || 'none';
          errors.push(`${where} reads ${ref}, but the pipeline declares no variable '${variable}' (declared: ${known}): add a PipelineVariable to 'variables'`);
        }
        continue;
      }
      const producer = available.get(namespace);
      if (!producer) {
        const known = [...available.keys()].map(n => `'${n}'`).join(', ') || 'none';
        errors.push(`${where} reads ${ref}, but no action before it has the variables namespace '${namespace}' (available: ${known}): ` +
          'reference a step that runs earlier, with ActionVariable.of(step, name)');
        continue;
      }
      const outputs = KNOWN_OUTPUTS[producer.provider];
      if (outputs && !outputs.includes(variable)) {
        errors.push(`${where} reads ${ref}, but action '${producer.action}' (${producer.provider}) outputs ` +
          `${outputs.length ? outputs.map(o => `'${o}'`).join(', ') : 'no variables'}: use one of those`);
      }
    }
  };
  const checkRules = (stageName: string, hook: string, rules: RuleInfo[] | undefined): void => {
    for (const rule of rules ?? []) check(`the ${hook} rule '${rule.name}' of stage '${stageName}'`, rule.configuration);
  };

  // The pipeline as built: its stages, the actions as bound (their recorded configuration), the conditions' rules.
  for (const stage of pipeline.stages) {
    const rules = conditionRules(stage.stageName);
    checkRules(stage.stageName, 'beforeEntry', rules.beforeEntry);
    const byRunOrder = new Map<number, codepipeline.IAction[]>();
    for (const action of stage.actions) {
      const runOrder = action.actionProperties.runOrder ?? 1;
      byRunOrder.set(runOrder, [...(byRunOrder.get(runOrder) ?? []), action]);
    }
    for (const runOrder of [...byRunOrder.keys()].sort((a, b) => a - b)) {
      const group = byRunOrder.get(runOrder)!;
      group.forEach(action => check(`action '${action.actionProperties.actionName}' of stage '${stage.stageName}'`, stack.resolve(recordedConfiguration(action))));
      for (const action of group) {
        const p = action.actionProperties;
        const namespace: unknown = p.variablesNamespace !== undefined ? stack.resolve(p.variablesNamespace) : undefined;
        if (typeof namespace !== 'string') continue;
        if (available.has(namespace)) {
          errors.push(`actions '${available.get(namespace)!.action}' and '${p.actionName}' both have the variables namespace '${namespace}': ` +
            "give one of the steps another 'actionName'");
        }
        available.set(namespace, { provider: p.provider, action: p.actionName });
      }
    }
    checkRules(stage.stageName, 'onSuccess', rules.onSuccess);
    checkRules(stage.stageName, 'onFailure', rules.onFailure);
  }
  return errors;
}
