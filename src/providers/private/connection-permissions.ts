import { Fn, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { DocumentedCall, DeniedCall } from '../../iam/documented-calls';
import type { ProviderStatement } from '../permissions';

/** The services a connection ARN may name: CodeConnections and, for older connections, CodeStar Connections. */
const SERVICES = ['codeconnections', 'codestar-connections'];

/** One `UseConnection` grant: the action of one service on the connection's ARN under that service's prefix. */
interface UseConnectionGrant {
  readonly action: string;
  readonly resource: string;
}

/**
 * The `UseConnection` grants for a connection: `codeconnections:UseConnection` for an
 * `arn:aws:codeconnections:` ARN, `codestar-connections:UseConnection` for an
 * `arn:aws:codestar-connections:` ARN.
 *
 * Why one action per ARN prefix, never both on one ARN: AWS CodeStar Connections was renamed AWS
 * CodeConnections on 29 March 2024. Connections created since carry `codeconnections` in their ARN,
 * older ones keep `codestar-connections`, both services' actions remain available, and "when specifying
 * a resource in the IAM policy, the service prefix needs to match that of the resource"
 * (https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html). The service authorization
 * reference agrees: `codeconnections:UseConnection` authorizes only the resource type
 * `arn:${Partition}:codeconnections:${Region}:${Account}:connection/${ConnectionId}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodeconnections.html),
 * `codestar-connections:UseConnection` only `arn:${Partition}:codestar-connections:...`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodestarconnections.html).
 * A statement granting both actions on one ARN grants nothing through one of its halves.
 *
 * An ARN whose service field is unknown at synth (a token: a connection created in the same app, or read
 * from a parameter) gets both actions, each on the connection's ARN rewritten to that action's prefix
 * (`Fn::Join(':', ['arn', <partition>, 'codeconnections', <region>, <account>, <connection/id>])` from the
 * fields of `Fn::Split(':', arn)`): whichever prefix the connection has, one grant matches it, and neither
 * is a dead grant nor reaches another connection. An action built from the ARN's service field
 * (`Fn::Join(':', [Fn::Select(2, Fn::Split(':', arn)), 'UseConnection'])`) would be one statement, but
 * cdk-nag's AwsSolutions-IAM5 rule fails on an action that is not a string ("Rule threw an error during
 * validation"), which hides that policy's other findings from acknowledgements.
 */
export function useConnectionGrants(connectionArns: string[]): UseConnectionGrant[] {
  return [...new Set(connectionArns)].flatMap(arn => {
    const service = connectionService(arn);
    if (service) return [{ action: `${service}:UseConnection`, resource: arn }];
    const part = (i: number) => Fn.select(i, Fn.split(':', arn));
    return SERVICES.map(s => ({
      action: `${s}:UseConnection`,
      resource: Fn.join(':', ['arn', part(1), s, part(3), part(4), part(5)]),
    }));
  });
}

/**
 * A provider's `UseConnection` statements (see `useConnectionGrants`), one per service, each granting that
 * service's action on the connections `arns` gives whose ARN it matches; with `documentation`, the calls too.
 */
export function useConnectionStatements<T>(arns: (t: T) => string[], documentation?: string): ProviderStatement<T>[] {
  return SERVICES.map(service => {
    const action = `${service}:UseConnection`;
    const resources = (t: T) => useConnectionGrants(arns(t)).filter(grant => grant.action === action).map(grant => grant.resource);
    return documentation === undefined
      ? { actions: [action], resources }
      : { actions: [action], resources, calls: (t: T) => resources(t).map(resource => ({ resource, documentation })) };
  });
}

/** `UseConnection` policy statements for the connections (see `useConnectionGrants`), one per action. */
export function useConnectionPolicyStatements(connectionArns: string[]): iam.PolicyStatement[] {
  const byAction = new Map<string, string[]>();
  for (const grant of useConnectionGrants(connectionArns)) {
    byAction.set(grant.action, [...(byAction.get(grant.action) ?? []), grant.resource]);
  }
  return [...byAction].map(([action, resources]) => new iam.PolicyStatement({ actions: [action], resources }));
}

/**
 * The `UseConnection` calls made on the connections, for `DocumentedCalls.add`. For a connection whose
 * prefix is unknown at synth, both possible calls (one is the one made).
 */
export function useConnectionCalls(connectionArns: string[], documentation: string): DocumentedCall[] {
  return useConnectionGrants(connectionArns).map(grant => ({ ...grant, documentation }));
}

/**
 * Calls on connections the role must not make: deleting the connection, and using another connection
 * of the same account and prefix.
 */
export function deniedConnectionCalls(connectionArns: string[]): DeniedCall[] {
  return useConnectionGrants(connectionArns).flatMap(grant => {
    const service = grant.action.split(':')[0];
    const denied: DeniedCall[] = [{ action: `${service}:DeleteConnection`, resource: grant.resource, reason: 'the connection outlives the pipeline' }];
    if (!Token.isUnresolved(grant.resource)) {
      const other = grant.resource.replace(/connection\/[A-Za-z0-9-]+$/, 'connection/00000000-0000-0000-0000-000000000000');
      denied.push({ action: grant.action, resource: other, reason: 'another connection of the account' });
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
