/**
 * The benchmark of issue 7: the library's seed pipeline against the same pipeline hand-written with
 * aws-cdk-lib L2 constructs, then a scale series and apps of many pipelines.
 *
 *   npx ts-node --transpile-only bench/run.ts      (about 3 to 4 minutes on 2 cores)
 *
 * Prints Markdown tables and writes .bench/results.json and .bench/results.md (gitignored).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildHandWrittenApp } from './hand-written-l2';
import { countClass, countStatement, LineCount } from './loc';
import { AppBuilder, iamWildcards, IamWildcards, median, nagFindings, NagResult, slope, synthOnce, synthRepeated, SynthSummary } from './measure';
import { manyPipelinesApp, scalePipelineApp } from './scale';
import { buildMaxPipelineApp } from '../examples/max-pipeline';
import { buildApp } from '../examples/shop-pipeline-stack';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.bench');
const SEED_REPS = 5;
/** Warm-up syntheses per variant: the built-in validator and the JIT take a few runs to settle. */
const WARMUP = 3;
/** Fresh processes per variant for the cold numbers (one synthesis each, as `cdk synth` runs). */
const COLD_REPS = 3;

/** Medians of one synthesis per fresh process (module loading not counted). */
interface ColdResult {
  readonly reps: number;
  readonly withoutValidationMs?: number;
  readonly withValidationMs?: number;
  readonly error?: string;
}

interface SeedResult {
  readonly name: string;
  readonly loc: LineCount;
  readonly cold: ColdResult;
  readonly withoutValidation: SynthSummary;
  readonly withValidation: SynthSummary;
  readonly validationRatio?: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly iam: IamWildcards;
  readonly nag: NagResult;
}

interface ScaleRow {
  readonly label: string;
  /** Actions in the pipeline, the source action included. */
  readonly actions: number;
  /** Stages in the pipeline, the Source stage included. */
  readonly pipelineStages: number;
  /** The default layout: every resource in the pipeline's stack (built-in validation off). */
  readonly oneStack: SynthSummary;
  /** `stageStacks: true`: a nested stack per stage (built-in validation off). */
  readonly stageStacks: SynthSummary;
  /** `stageStacks: true` with built-in CloudFormation validation on (rows of at most 101 actions). */
  readonly stageStacksWithValidation?: SynthSummary;
  readonly quotaNotes: string[];
}

interface AppsRow {
  readonly pipelines: number;
  readonly withoutValidation: SynthSummary;
  readonly withValidation: SynthSummary;
}

function main(): void {
  const started = process.hrtime.bigint();
  fs.mkdirSync(OUT, { recursive: true });
  log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);

  const cold = { library: measureCold('library'), handWritten: measureCold('hand-written') };

  // Warm up module loading, the JIT and the built-in validator, so no measured variant pays for them.
  log('warm-up');
  for (const validation of [false, true]) {
    for (let i = 0; i < WARMUP; i++) {
      synthOnce(app => [buildApp(app)], validation);
      synthOnce(app => [buildHandWrittenApp(app)], validation);
    }
  }

  const seed = [
    measureSeed('library (DeliveryPipeline)', app => [buildApp(app)], cold.library,
      countStatement(path.join(ROOT, 'examples/shop-pipeline-stack.ts'), /new DeliveryPipeline\(/)),
    measureSeed('hand-written L2', app => [buildHandWrittenApp(app)], cold.handWritten,
      countClass(path.join(ROOT, 'bench/hand-written-l2.ts'), 'HandWrittenShopPipeline')),
  ];

  // 49 x 10 and 10 x 49 are the largest shapes within CodePipeline's quotas once the Source stage is
  // counted; 50 x 10 and 10 x 50 exceed them and show the library's synth-time quota errors.
  const scale = [[1, 10], [2, 10], [5, 10], [10, 10], [25, 10], [49, 10], [50, 10], [10, 25], [10, 49], [10, 50]]
    .map(([stages, actions]) => measureScale(`${stages} x ${actions}`, stages + 1, stages * actions + 1,
      stageStacks => scalePipelineApp(stages, actions, stageStacks)));
  // examples/max-pipeline.ts: CodePipeline's maximum, 500 actions (source, build, 9 x 50 + 48 tests).
  // It always sets stageStacks, so its one-stack column says "not measured".
  scale.push(measureScale('max: 1 + 1 + 9 x 50 + 48', 12, 500, () => app => [buildMaxPipelineApp(app).stack]));

  const apps = [1, 10, 100].map(n => measureApps(n));

  const fitRows = scale.filter(r => r.stageStacks.medianMs !== undefined);
  const oneStackRows = scale.filter(r => r.oneStack.treeResources > 0);
  const growth = {
    stageStacksSynthMsPerAction: slope(fitRows.map(r => [r.actions, r.stageStacks.medianMs!])),
    stageStacksConstructMsPerAction: slope(fitRows.map(r => [r.actions, r.stageStacks.medianConstructMs])),
    resourcesPerAction: slope(oneStackRows.map(r => [r.actions, r.oneStack.treeResources])),
    stageStacksResourcesPerAction: slope(fitRows.map(r => [r.actions, totalResources(r.stageStacks)])),
    stageStacksBytesPerAction: slope(fitRows.map(r => [r.actions, totalBytes(r.stageStacks)])),
    maxActionsUnder500Resources: undefined as number | undefined,
  };
  const perAction = growth.resourcesPerAction ?? 0;
  const fixed = oneStackRows[0].oneStack.treeResources - perAction * oneStackRows[0].actions;
  if (perAction > 0) growth.maxActionsUnder500Resources = Math.floor((500 - fixed) / perAction);

  const results = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}` },
    seed,
    scale,
    apps,
    growth,
    benchSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  const markdown = render(results);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, undefined, 2));
  fs.writeFileSync(path.join(OUT, 'results.md'), markdown);
  process.stdout.write(markdown);
  log(`wrote ${path.relative(process.cwd(), path.join(OUT, 'results.json'))} and results.md in ${results.benchSeconds.toFixed(0)} s`);
}

function measureCold(which: 'library' | 'hand-written'): ColdResult {
  log(`cold: ${which} (${COLD_REPS} fresh processes per variant)`);
  const runs: Record<string, number[]> = { off: [], on: [] };
  let error: string | undefined;
  for (let i = 0; i < COLD_REPS; i++) {
    for (const validation of ['off', 'on']) {
      const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'cold.ts'), which, validation], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      });
      const line = child.stdout.trim().split('\n').pop() ?? '';
      try {
        const result = JSON.parse(line);
        if (result.totalMs !== undefined) runs[validation].push(result.totalMs);
        error = error ?? result.error;
      } catch {
        error = error ?? `cold.ts exited ${child.status}: ${child.stderr.trim().split('\n').pop()}`;
      }
    }
  }
  return {
    reps: COLD_REPS,
    withoutValidationMs: runs.off.length > 0 ? median(runs.off) : undefined,
    withValidationMs: runs.on.length > 0 ? median(runs.on) : undefined,
    error,
  };
}

function measureSeed(name: string, build: AppBuilder, cold: ColdResult, loc: LineCount): SeedResult {
  log(`seed: ${name}`);
  const withoutValidation = synthRepeated(build, false, SEED_REPS);
  const withValidation = synthRepeated(build, true, SEED_REPS);
  // Template and cdk-nag from one more, untimed synthesis.
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-bench-')), builtinCloudFormationValidation: false });
  const [stack] = build(app);
  const nag = nagFindings(stack);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  fs.rmSync(assembly.directory, { recursive: true, force: true });
  return {
    name,
    loc,
    cold,
    withoutValidation,
    withValidation,
    validationRatio: withValidation.medianMs && withoutValidation.medianMs ? withValidation.medianMs / withoutValidation.medianMs : undefined,
    resources: Object.values<any>(template.Resources).filter(r => r.Type !== 'AWS::CDK::Metadata').length,
    templateBytes: totalBytes(withoutValidation),
    iam: iamWildcards(template),
    nag,
  };
}

function measureScale(label: string, pipelineStages: number, actions: number, app: (stageStacks: boolean) => AppBuilder): ScaleRow {
  log(`scale: ${label}`);
  const reps = actions > 200 ? 1 : 3;
  const oneStack = label.startsWith('max') ? skipped('examples/max-pipeline.ts uses stageStacks') : synthRepeated(app(false), false, reps);
  const stageStacks = synthRepeated(app(true), false, reps);
  const stageStacksWithValidation = actions <= 101 && !stageStacks.error ? synthRepeated(app(true), true, 1) : undefined;
  const quotaNotes: string[] = [];
  if (pipelineStages > 50) quotaNotes.push(`${pipelineStages} stages > CodePipeline's 50`);
  if (actions > 500) quotaNotes.push(`${actions} actions > CodePipeline's 500`);
  return { label, actions, pipelineStages, oneStack, stageStacks, stageStacksWithValidation, quotaNotes };
}

function skipped(reason: string): SynthSummary {
  return { reps: 0, medianConstructMs: 0, treeResources: 0, templates: [], error: `not measured: ${reason}` };
}

function measureApps(pipelines: number): AppsRow {
  log(`apps: ${pipelines} pipelines`);
  const build = manyPipelinesApp(pipelines);
  const reps = pipelines >= 100 ? 1 : pipelines >= 10 ? 3 : 5;
  const withoutValidation = synthRepeated(build, false, reps);
  const withValidation = synthRepeated(build, true, 1);
  return { pipelines, withoutValidation, withValidation };
}

function totalBytes(s: SynthSummary): number {
  return s.templates.reduce((n, t) => n + t.bytes, 0);
}

function totalResources(s: SynthSummary): number {
  return s.templates.reduce((n, t) => n + t.resources, 0);
}

function maxBytes(s: SynthSummary): number {
  return Math.max(0, ...s.templates.map(t => t.bytes));
}

function maxResources(s: SynthSummary): number {
  return Math.max(0, ...s.templates.map(t => t.resources));
}

// ---------------------------------------------------------------------------------------------------
// Rendering

interface Results {
  readonly date: string;
  readonly machine: any;
  readonly seed: SeedResult[];
  readonly scale: ScaleRow[];
  readonly apps: AppsRow[];
  readonly growth: any;
  readonly benchSeconds: number;
}

function render(r: Results): string {
  const out: string[] = [];
  out.push(`# Benchmark results (${r.date}; Node ${r.machine.node}, ${r.machine.cpus} CPUs, ${r.machine.cpuModel})`, '');
  out.push('## Seed pipeline: library vs hand-written L2', '');
  out.push(`Synth time = building the construct tree + \`app.synth()\`, each in a fresh App. Cold: median of ${COLD_REPS} fresh processes ` +
    `(one synthesis each, as \`cdk synth\` runs; module loading not counted). Warm: median of ${SEED_REPS} in one process after ${WARMUP} warm-ups per variant.`, '');
  const [lib, l2] = r.seed;
  const row = (label: string, f: (s: SeedResult) => string | number) => `| ${label} | ${f(lib)} | ${f(l2)} |`;
  out.push(`| metric | ${lib.name} | ${l2.name} |`, '| --- | ---: | ---: |');
  out.push(row('lines of pipeline code (non-blank, non-comment)', s => `${s.loc.code} (${s.loc.physical} physical)`));
  out.push(row('cold synth ms, built-in CFN validation off', s => fmt(s.cold.withoutValidationMs)));
  out.push(row('cold synth ms, built-in CFN validation on (default)', s => fmt(s.cold.withValidationMs)));
  out.push(row('cold ratio on / off', s => ratio(s.cold.withValidationMs, s.cold.withoutValidationMs)));
  out.push(row('warm synth ms, validation off', s => fmt(s.withoutValidation.medianMs)));
  out.push(row('warm synth ms, validation on', s => fmt(s.withValidation.medianMs)));
  out.push(row('warm ratio on / off', s => ratio(s.withValidation.medianMs, s.withoutValidation.medianMs)));
  out.push(row('resources', s => s.resources));
  out.push(row('template bytes', s => s.templateBytes));
  out.push(row('IAM identity-policy statements', s => s.iam.statements));
  out.push(row('... with action patterns (`s3:GetObject*`, `ecs:*`)', s => s.iam.actionPatterns));
  out.push(row('... with `Resource: "*"`', s => s.iam.resourceStar));
  out.push(row('... with a resource ARN ending in `*`', s => s.iam.arnEndsWithStar));
  out.push(row('... with any of these', s => s.iam.anyWildcard));
  out.push(row('cdk-nag AwsSolutions findings (acknowledgements ignored)', s => s.nag.findings));
  out.push(row('... by rule', s => Object.entries(s.nag.byRule).map(([k, v]) => `${k.replace('AwsSolutions-', '')}: ${v}`).join(', ')));
  out.push(row('acknowledgements (exact finding ids, with reasons)', s => s.nag.acknowledgements));
  out.push(row('findings left unacknowledged', s => s.nag.unacknowledged));
  out.push('');

  out.push('## Scale: one pipeline, N stages x M parallel CodeBuild test actions (the `stages` prop)', '');
  out.push('Built-in CloudFormation validation off unless stated. "One stack" = the default layout; "stageStacks" = `stageStacks: true`,',
    'a nested stack per stage. Actions and stages include the Source stage\'s action. Synth ms = median (repetitions).', '');
  out.push('| stages x actions | actions | resources | one stack: synth ms | stageStacks: synth ms | templates | max resources / template | ' +
    'total bytes | max bytes / template | stageStacks + validation: ms | CodePipeline quotas |');
  out.push('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const s of r.scale) {
    const st = s.stageStacks;
    out.push(`| ${s.label} | ${s.actions} | ${s.oneStack.treeResources || st.treeResources} | ${timing(s.oneStack)} | ${timing(st)} | ${st.templates.length} | ` +
      `${maxResources(st)} | ${totalBytes(st)} | ${maxBytes(st)} | ${fmt(s.stageStacksWithValidation?.medianMs)} | ${s.quotaNotes.join('; ') || 'ok'} |`);
  }
  out.push('');
  const g = r.growth;
  out.push(`Fitted growth (least squares over the rows that synthesize with stageStacks): ${fmt(g.stageStacksSynthMsPerAction, 1)} ms synth ` +
    `and ${fmt(g.stageStacksConstructMsPerAction, 1)} ms construction per action; ${fmt(g.resourcesPerAction, 2)} resources per action ` +
    `(${fmt(g.stageStacksResourcesPerAction, 2)} with stageStacks, nested-stack resources included); ${fmt(g.stageStacksBytesPerAction, 0)} template bytes per action. ` +
    `The default layout holds at most ${g.maxActionsUnder500Resources ?? 'n/a'} test actions under 500 resources.`, '');

  out.push('## Apps of many small pipelines (one stack each: source, build, one test)', '');
  out.push('| pipelines | stacks | synth ms, validation off (reps) | ms per pipeline | synth ms, validation on (1 rep) | resources per stack | bytes per stack |');
  out.push('| ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const a of r.apps) {
    const w = a.withoutValidation;
    out.push(`| ${a.pipelines} | ${w.templates.length} | ${w.error ? `fails: ${w.error}` : `${fmt(w.medianMs)} (${w.reps})`} | ${fmt(w.medianMs ? w.medianMs / a.pipelines : undefined)} | ` +
      `${fmt(a.withValidation.medianMs)} | ${maxResources(w)} | ${w.templates.length ? Math.round(totalBytes(w) / w.templates.length) : 'n/a'} |`);
  }
  out.push('', `Benchmark ran in ${r.benchSeconds.toFixed(0)} s.`, '');
  return out.join('\n');
}

/** A synth time with its repetitions, or the error (a resource-limit error shortened to its count). */
function timing(s: SynthSummary): string {
  if (!s.error) return `${fmt(s.medianMs)} (${s.reps})`;
  const resources = s.error.match(/would hold (\d+) resources|Number of resources[^:]*: (\d+)/);
  if (resources) return `fails: exceeds 500 resources (${resources[1] ?? resources[2]})`;
  return s.error.startsWith('not measured') ? s.error : `fails: ${s.error}`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a !== undefined && b ? `${(a / b).toFixed(1)}x` : 'n/a';
}

function fmt(x: number | undefined, digits = 0): string {
  return x === undefined ? 'n/a' : x.toFixed(digits);
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main();
