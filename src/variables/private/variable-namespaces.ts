import { Token } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { PipelineStep } from '../../core/step';
import { TargetedAction } from '../../pipeline/private/targeted-action';

/** Steps whose outputs variables are referenced; their (last) action gets a variables namespace. */
const EXPORTING = new WeakSet<PipelineStep>();

/** Marks a step as exporting variables (called when an `ActionVariable` of it is created). */
export function exportVariablesOf(step: PipelineStep): void {
  EXPORTING.add(step);
}

/** Whether a reference to one of the step's variables was created. */
export function exportsVariables(step: PipelineStep): boolean {
  return EXPORTING.has(step);
}

/** The namespace of a step's action: its action name with characters namespaces do not allow replaced. */
export function namespaceOf(step: PipelineStep): string {
  return namespaceFor(step.actionName ?? step.defaultActionName);
}

/** The namespace for an action name (`[A-Za-z0-9@_-]`, at most 100 characters). */
export function namespaceFor(actionName: string): string {
  return actionName.replace(/[^A-Za-z0-9@_-]/g, '_').slice(0, 100) || 'Action';
}

/**
 * The step's actions, the last one with the variables namespace `ActionVariable.of(step, ...)`
 * references (only when such a reference exists). Fails when the step set another namespace itself.
 */
export function withVariablesNamespace(scope: IConstruct, step: PipelineStep, referenced: PipelineStep,
  actions: codepipeline.IAction[]): codepipeline.IAction[] {
  if (!exportsVariables(referenced) || actions.length === 0) return actions;
  const namespace = namespaceOf(step);
  const last = actions[actions.length - 1];
  const own = last.actionProperties.variablesNamespace;
  if (own !== undefined && !Token.isUnresolved(own) && own !== namespace) {
    fail(scope, 'ConflictingNamespace',
      `step '${step.actionName ?? step.defaultActionName}' sets the variables namespace '${own}', but ActionVariable.of reads it as '${namespace}': ` +
      "drop the step's own namespace, or reference its variables as '#{" + own + ".<name>}'");
  }
  return [...actions.slice(0, -1), new TargetedAction(last, { variablesNamespace: namespace })];
}
