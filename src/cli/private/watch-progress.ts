import { stripAnsi } from './colour';
import { CommandContext } from './context';
import { formatClock, formatDuration } from './format';
import { renderStatus } from './render-status';
import { ranSince, StatusView } from './status-view';

/** Shows a watched execution's progress on each refresh. */
export interface WatchProgress {
  update(view: StatusView, executionId: string, intervalMs: number): void;
}

/** The progress display fitting the output: a live redraw on a terminal, change lines otherwise. */
export function watchProgress(ctx: CommandContext): WatchProgress {
  return ctx.io.isTTY && !ctx.json ? new LiveProgress(ctx) : new ChangeLogProgress(ctx);
}

/** Redraws the status view in place, with a footer line. */
class LiveProgress implements WatchProgress {
  /** Terminal rows the last frame took (wrapped lines count once per row). */
  private rowsDrawn = 0;

  public constructor(private readonly ctx: CommandContext) {}

  public update(view: StatusView, executionId: string, intervalMs: number): void {
    const { colours } = this.ctx;
    const execution = view.latestExecution;
    const elapsed = execution?.durationSeconds !== null && execution?.durationSeconds !== undefined ? ` for ${formatDuration(execution.durationSeconds * 1000)}` : '';
    const footer = colours.dim(`Watching ${executionId}: ${execution?.status ?? 'unknown'}${elapsed} · refreshing every ${formatDuration(intervalMs)} · Ctrl-C stops watching, not the pipeline`);
    const text = `${renderStatus(view, colours, this.ctx.clock.now())}\n\n${footer}\n`;
    const erase = this.rowsDrawn > 0 ? `\u001b[${this.rowsDrawn}F\u001b[J` : '';
    this.ctx.io.stdout(erase + text);
    this.rowsDrawn = terminalRows(text, this.ctx.io.columns);
  }
}

/** Prints one timestamped line per action or execution status change (logs, CI, --json on stderr). */
class ChangeLogProgress implements WatchProgress {
  private readonly seen = new Map<string, string>();

  public constructor(private readonly ctx: CommandContext) {}

  public update(view: StatusView, executionId: string): void {
    const changes: string[] = [];
    const note = (key: string, label: string, status: string | null, detail = '') => {
      if (status && this.seen.get(key) !== status) {
        this.seen.set(key, status);
        changes.push(`${label}  ${this.ctx.colours.status(status)}${detail}`);
      }
    };
    note('execution', `execution ${executionId}`, view.latestExecution?.status ?? null);
    for (const stage of view.stages.filter((s) => s.pipelineExecutionId === executionId)) {
      for (const action of stage.actions.filter((a) => ranSince(a, view.latestExecution?.startTime ?? null))) {
        const detail = action.status === 'Failed' && action.error?.message ? `  ${action.error.message}` : '';
        note(`${stage.name}/${action.name}`, `${stage.name}/${action.name}`, action.status, detail);
      }
    }
    const time = formatClock(this.ctx.clock.now());
    const write = (line: string) => (this.ctx.json ? this.ctx.io.stderr(line) : this.ctx.io.stdout(line));
    for (const change of changes) {
      write(`${time}  ${change}\n`);
    }
  }
}

/** How many terminal rows the text (ending with a newline) occupies. */
export function terminalRows(text: string, columns: number | undefined): number {
  const lines = text.split('\n').slice(0, -1);
  if (!columns || columns <= 0) {
    return lines.length;
  }
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil(stripAnsi(line).length / columns)), 0);
}
