import * as fs from 'fs';

/** Lines of a block of code: all physical lines, and those that are neither blank nor only a comment. */
export interface LineCount {
  readonly file: string;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly physical: number;
  readonly code: number;
}

/**
 * Counts the statement that starts at the first line matching `start` (e.g. `new DeliveryPipeline(`)
 * and ends where its brackets balance again.
 */
export function countStatement(file: string, start: RegExp): LineCount {
  return countFrom(file, start);
}

/** Counts a whole class declaration (`export class Name ... {` to its closing brace). */
export function countClass(file: string, className: string): LineCount {
  return countFrom(file, new RegExp(`^\\s*(export\\s+)?class\\s+${className}\\b`));
}

function countFrom(file: string, start: RegExp): LineCount {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const first = lines.findIndex(l => start.test(l));
  if (first < 0) throw new Error(`${file}: no line matches ${start}`);
  let depth = 0;
  let opened = false;
  let last = first;
  for (let i = first; i < lines.length; i++) {
    for (const ch of stripStringsAndComments(lines[i])) {
      if ('({['.includes(ch)) { depth++; opened = true; }
      if (')}]'.includes(ch)) depth--;
    }
    last = i;
    if (opened && depth <= 0) break;
  }
  const block = lines.slice(first, last + 1);
  const code = block.filter(l => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l)).length;
  return { file, firstLine: first + 1, lastLine: last + 1, physical: block.length, code };
}

/** Removes string literals and line comments so brackets inside them are not counted. */
function stripStringsAndComments(line: string): string {
  return line
    .replace(/\\./g, '')
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '')
    .replace(/\/\/.*$/, '');
}
