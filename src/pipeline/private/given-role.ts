import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { PipelineStep } from '../../core/step';

/** Role ARNs given without a role object (a pipeline file's action-level `roleArn`), by step. */
const givenArns = new WeakMap<PipelineStep, string>();

/** Records that the step's actions run as the existing role `arn` (imported when the step is placed). */
export function giveRoleArn(step: PipelineStep, arn: string): void {
  givenArns.set(step, arn);
}

/** The account of the step's given role, when its ARN is known at synth. */
export function givenRoleAccount(step: PipelineStep): string | undefined {
  const arn = step.role?.roleArn ?? givenArns.get(step);
  if (arn === undefined || Token.isUnresolved(arn)) return undefined;
  return arn.split(':')[4] || undefined;
}

/** The existing role the step runs as (`StepOptions.role`, or a given ARN imported under `scope`), if any. */
export function givenRole(scope: Construct, step: PipelineStep, id: string): iam.IRole | undefined {
  if (step.role) return step.role;
  const arn = givenArns.get(step);
  return arn !== undefined ? iam.Role.fromRoleArn(scope, id, arn, { mutable: false }) : undefined;
}
