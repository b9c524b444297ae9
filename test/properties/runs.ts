/**
 * The number of runs of a property test: `base` scaled by PROPERTY_RUNS_SCALE; at least 1.
 *
 * The bases are chosen for a quick local run (scale 1, the default). CI (`.ci/run`) sets
 * PROPERTY_RUNS_SCALE=2; a nightly job or a hunt for a rare counterexample can set more (e.g. 10).
 */
export function runs(base: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
