import { Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DocumentedCall, DeniedCall } from '../iam/documented-calls';

/**
 * The IAM action that lets a role use a connection: `codeconnections:UseConnection` for an
 * `arn:aws:codeconnections:` ARN, `codestar-connections:UseConnection` for an
 * `arn:aws:codestar-connections:` ARN.
 *
 * Why one action per ARN prefix, never both: AWS CodeStar Connections was renamed AWS CodeConnections
 * on 29 March 2024. Connections created since carry `codeconnections` in their ARN, older ones keep
 * `codestar-connections`, both services' actions remain available, and "when specifying a resource in
 * the IAM policy, the service prefix needs to match that of the resource"
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html). The service authorization
 * reference agrees: `codeconnections:UseConnection` authorizes only the resource type
 * `arn:${Partition}:codeconnections:${Region}:${Account}:connection/${ConnectionId}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html) and
 * `codestar-connections:UseConnection` only `arn:${Partition}:codestar-connections:...`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodestarconnections.html).
 * A statement granting both actions on one ARN grants nothing through one of its halves.
 *
 * An ARN whose service field is unknown at synth (a token, e.g. a connection created in the same app or
 * read from a parameter) gets an action CloudFormation builds from that field:
 * `Fn::Join(':', [Fn::Select(2, Fn::Split(':', arn)), 'UseConnection'])`.
 */
export function useConnectionAction(connectionArn: string): string {
  const service = connectionService(connectionArn);
  if (service) return `${service}:UseConnection`;
  return Fn.join(':', [Fn.select(2, Fn.split(':', connectionArn)), 'UseConnection']);
}

/**
 * `UseConnection` statements for the connections, one per action (see `useConnectionAction`), each on
 * exactly the connections whose ARN prefix it authorizes.
 */
export function useConnectionStatements(connectionArns: string[]): iam.PolicyStatement[] {
  const byAction = new Map<string, string[]>();
  for (const arn of new Set(connectionArns)) {
    const action = useConnectionAction(arn);
    byAction.set(action, [...(byAction.get(action) ?? []), arn]);
  }
  return [...byAction].map(([action, resources]) => new iam.PolicyStatement({ actions: [action], resources }));
}

/**
 * The `UseConnection` calls made on the connections, for `DocumentedCalls.add`. A connection whose
 * service prefix is unknown at synth has no call recorded: a documented call names its action exactly.
 */
export function useConnectionCalls(connectionArns: string[], documentation: string): DocumentedCall[] {
  return [...new Set(connectionArns)].flatMap(arn => {
    const service = connectionService(arn);
    return service ? [{ action: `${service}:UseConnection`, resource: arn, documentation }] : [];
  });
}

/**
 * Calls on connections the role must not make: another connection of the same account and prefix, and
 * deleting the connection.
 */
export function deniedConnectionCalls(connectionArns: string[]): DeniedCall[] {
  return [...new Set(connectionArns)].flatMap(arn => {
    const service = connectionService(arn);
    if (!service) return [];
    const denied: DeniedCall[] = [{ action: `${service}:DeleteConnection`, resource: arn, reason: 'the connection outlives the pipeline' }];
    if (!Token.isUnresolved(arn)) {
      const other = arn.replace(/connection\/[A-Za-z0-9-]+$/, 'connection/00000000-0000-0000-0000-000000000000');
      denied.push({ action: `${service}:UseConnection`, resource: other, reason: 'another connection of the account' });
    }
    return denied;
  });
}

/** `codeconnections` or `codestar-connections` when the ARN's service field is literal, else undefined. */
function connectionService(connectionArn: string): string | undefined {
  const match = /^arn:[^:]*:(codeconnections|codestar-connections):/.exec(connectionArn);
  if (match) return match[1];
  if (!Token.isUnresolved(connectionArn)) {
    // A literal ARN of another service: the sources validate theirs, so this is a programming error.
    throw new Error(`not a CodeConnections connection ARN: ${connectionArn}`);
  }
  return undefined;
}
