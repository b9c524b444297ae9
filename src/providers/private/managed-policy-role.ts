import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** IAM allows 6,144 characters per managed policy; stay well below, since tokens resolve to longer text. */
const POLICY_BUDGET = 5_000;

/**
 * A role whose permissions live in customer managed policies attached to it, never in inline policies
 * (NIST 800-53, HIPAA and PCI DSS rule packs flag inline policies). Statements fill one managed policy
 * after another, so a role that collects many statements (the pipeline role assumes one role per
 * action) never exceeds IAM's policy size quota.
 */
export class ManagedPolicyRole extends iam.Role {
  private readonly policyParts: iam.ManagedPolicy[] = [];
  private currentSize = 0;

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
  }

  /** Whether any statement was added. */
  public get hasStatements(): boolean {
    return this.policyParts.length > 0;
  }

  public addToPrincipalPolicy(given: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const statement = withExactActions(given);
    const size = JSON.stringify(Stack.of(this).resolve(statement.toStatementJson())).length;
    let policy = this.policyParts[this.policyParts.length - 1];
    if (!policy || this.currentSize + size > POLICY_BUDGET) {
      policy = new iam.ManagedPolicy(this, `Policy${this.policyParts.length + 1}`, {
        description: `Permissions of ${this.node.path} (part ${this.policyParts.length + 1})`,
        roles: [this],
      });
      this.policyParts.push(policy);
      this.currentSize = 0;
    }
    policy.addStatements(statement);
    this.currentSize += size;
    return { statementAdded: true, policyDependable: policy };
  }
}

/**
 * Action patterns aws-cdk-lib grants write (e.g. a CodeBuild project on a customer managed artifact key),
 * each with the exact actions it stands for, so no policy holds a pattern and none grants more.
 */
const PATTERNS: Record<string, string[]> = {
  'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  'kms:GenerateDataKey*': ['kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext'],
};

function withExactActions(statement: iam.PolicyStatement): iam.PolicyStatement {
  if (!statement.actions.some(action => action in PATTERNS)) return statement;
  const actions = [...new Set(statement.actions.flatMap(action => PATTERNS[action] ?? [action]))];
  return statement.copy({ actions });
}

