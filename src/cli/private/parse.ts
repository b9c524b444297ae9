import { SourceRevisionOverride, SourceRevisionType } from '@aws-sdk/client-codepipeline';
import { UsageError } from './errors';

const REVISION_TYPES = Object.values(SourceRevisionType) as string[];

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A positive integer option value (for --max). */
export function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  }
  return Number(value);
}

/** A positive number of seconds (for --interval), returned in milliseconds. */
export function seconds(name: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new UsageError(`${name} must be a positive number of seconds, got "${value}"`);
  }
  return Math.round(n * 1000);
}

/** `--variable NAME=VALUE` (the value may itself contain "="). */
export function parseVariable(text: string): { name: string; value: string } {
  const at = text.indexOf('=');
  const name = at > 0 ? text.slice(0, at).trim() : '';
  if (!name) {
    throw new UsageError(`--variable expects NAME=VALUE, got "${text}"`);
  }
  return { name, value: text.slice(at + 1) };
}

/**
 * `--source-revision ACTION=TYPE:VALUE`, TYPE being COMMIT_ID, IMAGE_DIGEST,
 * S3_OBJECT_VERSION_ID or S3_OBJECT_KEY (case-insensitive). VALUE may contain ":".
 */
export function parseSourceRevision(text: string): SourceRevisionOverride {
  const match = /^([^=]+)=([A-Za-z0-9_]+):(.+)$/.exec(text);
  const type = match?.[2].toUpperCase();
  if (!match || !type || !REVISION_TYPES.includes(type)) {
    throw new UsageError(`--source-revision expects ACTION=TYPE:VALUE with TYPE one of ${REVISION_TYPES.join(', ')}; got "${text}"`);
  }
  return { actionName: match[1].trim(), revisionType: type as SourceRevisionType, revisionValue: match[3] };
}

/** Rejects duplicates, which the API would reject with a less helpful message. */
export function assertUnique(option: string, keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) {
      throw new UsageError(`${option} given twice for "${key}"`);
    }
    seen.add(key);
  }
}
