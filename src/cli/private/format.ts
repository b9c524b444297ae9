import { stripAnsi } from './colour';

/** ISO-8601 timestamp, or null (the JSON shapes never contain undefined). */
export function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** A compact duration: "45s", "3m 05s", "2h 07m", "3d 4h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${pad2(seconds % 60)}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours}h ${pad2(minutes % 60)}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "just now", "5m ago", "3h ago", "2d ago" ("-" when unknown). */
export function formatAgo(date: Date | undefined, now: Date): string {
  if (!date) {
    return '-';
  }
  const ms = now.getTime() - date.getTime();
  if (ms < 10_000) {
    return 'just now';
  }
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds}s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m ago`;
  }
  if (seconds < 172_800) {
    return `${Math.floor(seconds / 3600)}h ago`;
  }
  return `${Math.floor(seconds / 86_400)}d ago`;
}

/** Wall-clock time "HH:MM:SS" (UTC) for progress lines. */
export function formatClock(date: Date): string {
  return date.toISOString().slice(11, 19);
}

/** Commit ids are shortened to 7 characters, image digests to 12 hex digits. */
export function shortRevision(revision: string | undefined): string {
  if (!revision) {
    return '';
  }
  if (/^[0-9a-f]{40}$/i.test(revision)) {
    return revision.slice(0, 7);
  }
  const digest = /^sha256:([0-9a-f]{12})[0-9a-f]*$/i.exec(revision);
  if (digest) {
    return `sha256:${digest[1]}`;
  }
  return truncate(revision, 40);
}

/**
 * The first line of a source revision summary. CodeStar connections report a JSON
 * document ({"ProviderType":"GitHub","CommitMessage":"..."}): its CommitMessage is used.
 */
export function revisionHeadline(summary: string | undefined): string | undefined {
  if (!summary) {
    return undefined;
  }
  let text = summary;
  if (summary.trimStart().startsWith('{')) {
    try {
      const parsed = JSON.parse(summary) as { CommitMessage?: unknown };
      if (typeof parsed.CommitMessage === 'string') {
        text = parsed.CommitMessage;
      }
    } catch {
      // not JSON after all: show it as it is
    }
  }
  return text.split('\n')[0].trim() || undefined;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A row of a table: cells (aligned in columns), or a line printed as it is. */
export type TableRow = readonly string[] | { readonly line: string };

/** Aligns cells in columns (colour codes are not counted), two spaces apart. */
export function table(rows: readonly TableRow[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    if (Array.isArray(row)) {
      row.forEach((cell: string, i: number) => {
        widths[i] = Math.max(widths[i] ?? 0, stripAnsi(cell).length);
      });
    }
  }
  return rows.map((row) => {
    if (!Array.isArray(row)) {
      return (row as { line: string }).line;
    }
    return row
      .map((cell: string, i: number) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - stripAnsi(cell).length)))
      .join('  ')
      .trimEnd();
  }).join('\n');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
