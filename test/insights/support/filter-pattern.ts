/**
 * Evaluates the subset of the CloudWatch Logs JSON filter pattern syntax the insights use, against a
 * JSON log event: `{ ... }` around terms joined by `&&` / `||` (with parentheses), where a term is
 * `$.a.b = "value"`, `$.a.b != "value"`, `$.a.b = *` or `$.a.b NOT EXISTS`.
 * Anything else is an error, so a pattern the library starts writing differently fails the tests.
 */
export function matchesFilterPattern(pattern: string, event: unknown): boolean {
  const text = pattern.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) throw new Error(`not a JSON filter pattern: ${pattern}`);
  const tokens = tokenize(text.slice(1, -1));
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${pattern}`);
  };
  function or(): boolean {
    let value = and();
    while (peek() === '||') {
      next();
      const right = and();
      value = value || right;
    }
    return value;
  }
  function and(): boolean {
    let value = term();
    while (peek() === '&&') {
      next();
      const right = term();
      value = value && right;
    }
    return value;
  }
  function term(): boolean {
    if (peek() === '(') {
      next();
      const value = or();
      expect(')');
      return value;
    }
    const selector = next();
    if (!selector?.startsWith('$.')) throw new Error(`expected a selector in ${pattern}, got ${selector}`);
    const actual = select(event, selector);
    const op = next();
    if (op === 'NOT') {
      expect('EXISTS');
      return actual === undefined;
    }
    const operand = next();
    if (operand === '*' && op === '=') return actual !== undefined;
    if (!operand?.startsWith('"')) throw new Error(`unsupported operand ${operand} in ${pattern}`);
    const expected = operand.slice(1, -1);
    if (op === '=') return actual === expected;
    if (op === '!=') return actual !== expected;
    throw new Error(`unsupported operator ${op} in ${pattern}`);
  }
  const result = or();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${pattern}: ${tokens.slice(i).join(' ')}`);
  return result;
}

/** The value a `$.a.b` selector picks from the event (undefined when absent). */
export function select(event: unknown, selector: string): unknown {
  return selector.slice(2).split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), event);
}

function tokenize(raw: string): string[] {
  const text = raw.trim();
  const tokens: string[] = [];
  const re = /\s*(&&|\|\||!=|=|\(|\)|\*|"(?:[^"\\]|\\.)*"|\$\.[A-Za-z0-9_.-]+|NOT|EXISTS)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) tokens.push(m[1]);
  if (text.slice(re.lastIndex).trim() !== '') throw new Error(`cannot read the filter pattern at: ${text.slice(re.lastIndex)}`);
  return tokens;
}
