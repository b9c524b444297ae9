/**
 * The number of runs of a property test: `base` scaled by PROPERTY_RUNS_SCALE (e.g. 0.25 locally for speed,
 * 4 in a nightly job); at least 1.
 */
export function runs(base: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
