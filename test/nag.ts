import { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';

/**
 * One test per cdk-nag pack (AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1): the stack
 * has no finding that its acknowledgements do not suppress exactly.
 */
export function testNagPacks(stack: Stack): void {
  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ])('cdk-nag %s: no finding without an exact, reasoned acknowledgement', (_name, pack) => {
    const report = pack().validateScope(stack);
    expect(report.violations.map(v => `${v.ruleName} at ${v.violatingResources.map(r => r.constructPath).join(', ')}`)).toEqual([]);
  });
}
