/**
 * Whether two IAM patterns can match a common string: a policy's resource (`*` and `?` wildcards)
 * against an ARN format of the service authorization reference, whose `${Variable}`s stand for any
 * text (`${Partition}`, `${Region}` and `${Account}` for text without `:`). Both are read as automata;
 * the answer is whether their product reaches the end of both.
 */
export function patternsIntersect(resource: string, format: string): boolean {
  const p = tokens(resource, false);
  const q = tokens(format, true);
  const seen = new Set<string>();
  const todo: Array<[number, number]> = [[0, 0]];
  while (todo.length > 0) {
    const [i, j] = todo.pop()!;
    const key = `${i},${j}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === p.length && j === q.length) return true;
    // A star may match nothing.
    if (i < p.length && isStar(p[i])) todo.push([i + 1, j]);
    if (j < q.length && isStar(q[j])) todo.push([i, j + 1]);
    if (i < p.length && j < q.length && compatible(p[i], q[j])) {
      // Both read one character; a star stays where it is.
      todo.push([isStar(p[i]) ? i : i + 1, isStar(q[j]) ? j : j + 1]);
    }
  }
  return false;
}

/** Any text. */
const STAR = '\u0000*';
/** Any text without `:` (an ARN's partition, region or account). */
const FIELD = '\u0000:';
/** Any one character. */
const ANY = '\u0000?';

const ARN_FIELDS = new Set(['Partition', 'Region', 'Account']);

function tokens(pattern: string, isFormat: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (isFormat && c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      out.push(ARN_FIELDS.has(pattern.slice(i + 2, end)) ? FIELD : STAR);
      i = end;
    } else if (!isFormat && c === '*') {
      out.push(STAR);
    } else if (!isFormat && c === '?') {
      out.push(ANY);
    } else {
      out.push(c);
    }
  }
  return out;
}

function isStar(t: string): boolean {
  return t === STAR || t === FIELD;
}

function compatible(x: string, y: string): boolean {
  if (x === FIELD || y === FIELD) {
    const other = x === FIELD ? y : x;
    return other !== ':';
  }
  return x === STAR || y === STAR || x === ANY || y === ANY || x === y;
}
