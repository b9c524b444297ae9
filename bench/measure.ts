import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** One CloudFormation template of a synthesized app (a stack or a nested stack). */
export interface TemplateStats {
  readonly file: string;
  /** Resources, without the `AWS::CDK::Metadata` resource. */
  readonly resources: number;
  /** Size of the template file the CDK wrote (what CloudFormation receives). */
  readonly bytes: number;
}

/** One timed synthesis in a fresh App. */
export interface SynthRun {
  /** Building the construct tree (the stack and pipeline constructors). */
  readonly constructMs: number;
  /** `app.synth()`: validation, template rendering, built-in CloudFormation validation when on. */
  readonly synthMs?: number;
  /** constructMs + synthMs; undefined when the synthesis failed. */
  readonly totalMs?: number;
  /** CfnResources in the construct tree (counted also when the synthesis fails). */
  readonly treeResources: number;
  readonly templates: TemplateStats[];
  /** The first line of the error the construction or synthesis threw. */
  readonly error?: string;
}

/** Builds an app's stacks; returns them. */
export type AppBuilder = (app: App) => Stack[];

/**
 * Builds and synthesizes an app in a fresh App (outdir in a temporary folder, removed afterwards) and
 * times both phases with `process.hrtime.bigint()`. Never throws: errors are returned in `error`.
 */
export function synthOnce(build: AppBuilder, validation: boolean): SynthRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-bench-'));
  try {
    const t0 = process.hrtime.bigint();
    const app = new App({ outdir, ...(validation ? {} : { builtinCloudFormationValidation: false }) });
    try {
      build(app);
    } catch (e) {
      return { constructMs: ms(t0), treeResources: countTreeResources(app), templates: [], error: firstLine(e) };
    }
    const t1 = process.hrtime.bigint();
    const treeResources = countTreeResources(app);
    const t2 = process.hrtime.bigint();
    try {
      app.synth();
    } catch (e) {
      return { constructMs: ms(t0, t1), treeResources, templates: [], error: firstLine(e) };
    }
    const constructMs = ms(t0, t1);
    const synthMs = ms(t2);
    return { constructMs, synthMs, totalMs: constructMs + synthMs, treeResources, templates: readTemplates(outdir) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs `synthOnce` `reps` times (after `warmup` untimed runs) and summarizes. */
export function synthRepeated(build: AppBuilder, validation: boolean, reps: number, warmup = 0): SynthSummary {
  for (let i = 0; i < warmup; i++) synthOnce(build, validation);
  const runs: SynthRun[] = [];
  for (let i = 0; i < reps; i++) {
    const run = synthOnce(build, validation);
    runs.push(run);
    if (run.error) break; // a failing synthesis fails every time: do not repeat it
  }
  const last = runs[runs.length - 1];
  const ok = runs.filter(r => r.totalMs !== undefined);
  return {
    reps: runs.length,
    medianMs: ok.length > 0 ? median(ok.map(r => r.totalMs!)) : undefined,
    medianConstructMs: median(runs.map(r => r.constructMs)),
    medianSynthMs: ok.length > 0 ? median(ok.map(r => r.synthMs!)) : undefined,
    treeResources: last.treeResources,
    templates: last.templates,
    error: last.error,
  };
}

/** The median timing and the last run's templates of repeated syntheses. */
export interface SynthSummary {
  readonly reps: number;
  readonly medianMs?: number;
  readonly medianConstructMs: number;
  readonly medianSynthMs?: number;
  readonly treeResources: number;
  readonly templates: TemplateStats[];
  readonly error?: string;
}

function readTemplates(outdir: string): TemplateStats[] {
  return fs.readdirSync(outdir)
    .filter(f => f.endsWith('.template.json'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const template = JSON.parse(text);
      const resources = Object.values<any>(template.Resources ?? {}).filter(r => r.Type !== 'AWS::CDK::Metadata').length;
      return { file, resources, bytes: Buffer.byteLength(text) };
    });
}

function countTreeResources(scope: IConstruct): number {
  return scope.node.findAll().filter(c => CfnResource.isCfnResource(c) && c.cfnResourceType !== 'AWS::CDK::Metadata').length;
}

/** IAM statements of a template's identity policies, by kind of wildcard. */
export interface IamWildcards {
  /** All statements of identity policies (AWS::IAM::Policy, AWS::IAM::ManagedPolicy, inline role policies). */
  readonly statements: number;
  /** Statements with an action pattern containing `*` (e.g. `s3:GetObject*`, `ecs:*`). */
  readonly actionPatterns: number;
  /** Statements with `Resource: "*"`. */
  readonly resourceStar: number;
  /** Statements with a resource ARN ending in `*` (e.g. `<bucket>/*`, `log-group:...:*`). */
  readonly arnEndsWithStar: number;
  /** Statements with at least one of the three. */
  readonly anyWildcard: number;
}

/** Counts the identity-policy statements with wildcards in a template. */
export function iamWildcards(template: any): IamWildcards {
  const statements: any[] = [];
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      statements.push(...asArray(props.PolicyDocument?.Statement));
    } else if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of asArray(props.Policies)) statements.push(...asArray(policy.PolicyDocument?.Statement));
    }
  }
  let actionPatterns = 0, resourceStar = 0, arnEndsWithStar = 0, anyWildcard = 0;
  for (const statement of statements) {
    const acts = asArray(statement.Action).map(render);
    const resources = asArray(statement.Resource).map(render);
    const a = acts.some(x => x.includes('*'));
    const r = resources.some(x => x === '*');
    const e = resources.some(x => x !== '*' && x.endsWith('*'));
    actionPatterns += a ? 1 : 0;
    resourceStar += r ? 1 : 0;
    arnEndsWithStar += e ? 1 : 0;
    anyWildcard += a || r || e ? 1 : 0;
  }
  return { statements: statements.length, actionPatterns, resourceStar, arnEndsWithStar, anyWildcard };
}

/** cdk-nag AwsSolutions findings of a stack. */
export interface NagResult {
  /** Findings with acknowledgements ignored (one per rule or finding id per resource). */
  readonly findings: number;
  /** Acknowledged AwsSolutions finding ids in the stack's construct metadata. */
  readonly acknowledgements: number;
  /** Findings left after the acknowledgements (what fails a nag check). */
  readonly unacknowledged: number;
  /** Findings (acknowledgements ignored) per rule, e.g. `{ 'AwsSolutions-IAM5': 9 }`. */
  readonly byRule: Record<string, number>;
}

/** Runs the AwsSolutions pack on a stack, with and without its acknowledgements. */
export function nagFindings(stack: Stack): NagResult {
  const unacknowledged = new AwsSolutionsChecks().validateScope(stack).violations;
  const ignoringAcks = new AwsSolutionsChecks();
  (ignoringAcks as any).isAcknowledged = () => false; // count the findings the acknowledgements cover, too
  const all = ignoringAcks.validateScope(stack).violations;
  const byRule: Record<string, number> = {};
  for (const v of all) {
    const rule = v.ruleName.replace(/\[.*$/, '');
    byRule[rule] = (byRule[rule] ?? 0) + v.violatingResources.length;
  }
  const count = (vs: typeof all) => vs.reduce((n, v) => n + v.violatingResources.length, 0);
  return { findings: count(all), acknowledgements: countAcknowledgements(stack), unacknowledged: count(unacknowledged), byRule };
}

function countAcknowledgements(scope: IConstruct): number {
  let n = 0;
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        n += Object.keys(entry.data).filter(k => /AwsSolutions-/.test(k)).length;
      }
    }
  }
  return n;
}

/** Least-squares slope of y over x (undefined with fewer than two distinct x). */
export function slope(points: Array<[number, number]>): number | undefined {
  if (new Set(points.map(p => p[0])).size < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxy / sxx;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function ms(from: bigint, to: bigint = process.hrtime.bigint()): number {
  return Number(to - from) / 1e6;
}

/** The error's message on one line, without aws-cdk-lib's "Validation failed" preamble (at most 300 characters). */
function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const text = message.split('\n').map(l => l.trim()).filter(l => l !== '' && !/^Validation failed with the following errors:?$/.test(l)).join(' ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function asArray(x: any): any[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

/** A policy value as text: intrinsic functions become placeholders, `Fn::Join` is joined. */
function render(x: any): string {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object') {
    if ('Fn::Join' in x) {
      const [sep, parts] = x['Fn::Join'];
      return asArray(parts).map(render).join(sep);
    }
    const key = Object.keys(x)[0];
    return `<${key}>`;
  }
  return String(x);
}
