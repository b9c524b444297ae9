import { PipelineStep } from '../core/step';

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
