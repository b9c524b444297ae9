/**
 * One synthesis in this (fresh) process, as `cdk synth` pays it: run by bench/run.ts as a child process.
 *
 *   node -r ts-node/register/transpile-only bench/cold.ts <library|hand-written> <validation: on|off>
 *
 * Prints `{ constructMs, synthMs, totalMs }` as JSON (module loading is not counted).
 */
import { buildHandWrittenApp } from './hand-written-l2';
import { AppBuilder, synthOnce } from './measure';
import { buildApp } from '../examples/shop-pipeline-stack';

const builders: Record<string, AppBuilder> = {
  'library': app => [buildApp(app)],
  'hand-written': app => [buildHandWrittenApp(app)],
};
const [which, validation] = process.argv.slice(2);
const build = builders[which];
if (!build || !['on', 'off'].includes(validation)) {
  process.stderr.write('usage: cold.ts <library|hand-written> <on|off>\n');
  process.exit(2);
}
const run = synthOnce(build, validation === 'on');
process.stdout.write(JSON.stringify({ constructMs: run.constructMs, synthMs: run.synthMs, totalMs: run.totalMs, error: run.error }) + '\n');
