import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { IConstruct } from 'constructs';
import { fail } from '../../core/private/errors';

/** The files an output artifact holds, as the step that writes it declares them. */
interface Declared {
  /** The producing step, for messages: `'Build' (stage 'Build')`. */
  readonly producer: string;
  /** Glob patterns relative to the artifact's root (`**` any path, `*` any name part). */
  readonly files: string[];
  /** How to make the producer write a file it does not declare (appended to the message). */
  readonly fix: string;
}

const declared = new WeakMap<codepipeline.Artifact, Declared>();

/** What each step reading an artifact reads from it: the whole artifact, or the files it names. */
const reads = new WeakMap<codepipeline.Artifact, Map<IConstruct, string[] | 'all'>>();

/**
 * Records that the step bound at `consumer` reads the artifact. Every resolved input starts as a read
 * of the whole artifact; `checkDeclaredRead` narrows it to the files the step names.
 */
export function recordRead(artifact: codepipeline.Artifact, consumer: IConstruct): void {
  let byConsumer = reads.get(artifact);
  if (!byConsumer) reads.set(artifact, byConsumer = new Map());
  if (!byConsumer.has(consumer)) byConsumer.set(consumer, 'all');
}

/**
 * The files the later steps read from an artifact, when every one of them names its files; undefined
 * when one reads the whole artifact (or none reads it). What a build with no declared output writes.
 */
export function filesRead(artifact: codepipeline.Artifact): string[] | undefined {
  const byConsumer = [...(reads.get(artifact)?.values() ?? [])];
  if (byConsumer.length === 0 || byConsumer.includes('all')) return undefined;
  return [...new Set((byConsumer as string[][]).flat())];
}

/**
 * Records which files a step's output artifact holds. Steps that cannot know (custom actions, a build
 * spec given whole) record nothing, and reads of their outputs are not checked.
 */
export function declareFiles(artifact: codepipeline.Artifact, producer: string, files: string[], fix: string): void {
  declared.set(artifact, { producer, files, fix });
}

/**
 * Fails, naming both steps and the fix, when `consumer` reads `file` from an artifact whose producer
 * declared its files and `file` is not one of them.
 *
 * @param consumer the reading step's scope (its path locates the error)
 * @param what what the consumer reads, for the message, e.g. `the image definitions file`
 */
export function checkDeclaredRead(consumer: IConstruct, artifact: codepipeline.Artifact, file: string, what: string, code: string): void {
  const byConsumer = reads.get(artifact);
  const before = byConsumer?.get(consumer);
  if (byConsumer) byConsumer.set(consumer, [...(Array.isArray(before) ? before : []), file]);
  const d = declared.get(artifact);
  if (!d || d.files.some(pattern => globMatches(pattern, file))) return;
  fail(consumer, code,
    `this step reads ${what} '${file}' from artifact '${artifact.artifactName}', but the step that writes that artifact, ${d.producer}, ` +
    `declares only ${d.files.map(f => `'${f}'`).join(', ')}: ${d.fix}`);
}

/** Whether a glob (`**` any path, `*` any text without `/`, `?` one character) matches a relative path. */
export function globMatches(pattern: string, file: string): boolean {
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  const p = norm(pattern);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      // `**/` matches any number of directories, a trailing `**` anything.
      if (p[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`).test(norm(file));
}
