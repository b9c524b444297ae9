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
  // The pipeline as built: its stages, the actions as bound (their recorded configuration), the conditions' rules.
  const stack = Stack.of(pipeline);
  const stages = pipeline.stages.map(stage => {
    const rules = conditionRules(stage.stageName);
    const block = (list: RuleInfo[] | undefined) => (list && list.length > 0 ? { conditions: [{ rules: list }] } : undefined);
    return {
      name: stage.stageName,
      beforeEntry: block(rules.beforeEntry),
      onSuccess: block(rules.onSuccess),
      onFailure: block(rules.onFailure),
      actions: stage.actions.map(action => {
        const p = action.actionProperties;
        return {
          name: p.actionName,
          runOrder: p.runOrder,
          namespace: p.variablesNamespace !== undefined ? stack.resolve(p.variablesNamespace) : undefined,
          actionTypeId: { provider: p.provider },
          configuration: stack.resolve(recordedConfiguration(action)),
        };
      }),
    };
  });
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
  const checkConditions = (stageName: string, hook: string, block: any): void => {
    for (const condition of block?.conditions ?? []) {
      for (const rule of condition.rules ?? []) check(`the ${hook} rule '${rule.name}' of stage '${stageName}'`, rule.configuration);
    }
  };

  for (const stage of stages) {
    checkConditions(stage.name, 'beforeEntry', stage.beforeEntry);
    const byRunOrder = new Map<number, any[]>();
    for (const action of stage.actions ?? []) {
      const runOrder = action.runOrder ?? 1;
      byRunOrder.set(runOrder, [...(byRunOrder.get(runOrder) ?? []), action]);
    }
    for (const runOrder of [...byRunOrder.keys()].sort((a, b) => a - b)) {
      const group = byRunOrder.get(runOrder)!;
      group.forEach(action => check(`action '${action.name}' of stage '${stage.name}'`, action.configuration));
      for (const action of group) {
        if (typeof action.namespace !== 'string') continue;
        if (available.has(action.namespace)) {
          errors.push(`actions '${available.get(action.namespace)!.action}' and '${action.name}' both have the variables namespace '${action.namespace}': ` +
            "give one of the steps another 'actionName'");
        }
        available.set(action.namespace, { provider: action.actionTypeId?.provider, action: action.name });
      }
    }
    checkConditions(stage.name, 'onSuccess', stage.onSuccess);
    checkConditions(stage.name, 'onFailure', stage.onFailure);
  }
  return errors;
}
