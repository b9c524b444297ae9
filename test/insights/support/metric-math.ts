/**
 * Evaluates the CloudWatch metric math the dashboards use, with CloudWatch's semantics for it: a time
 * series is one value per period (null where there is no datapoint); arithmetic and comparisons work
 * point by point (null stays null, division by zero gives null); SUM and AVG of one time series are
 * scalars; FILL(x, v) fills the gaps with v and FILL(x, REPEAT) with the last value before them;
 * DIFF(x) is each value minus the one before; IF(c, a, b) picks per point; PERIOD(m) is m's period in
 * seconds. Any other function or syntax is an error.
 */
export type Value = number | null | Array<number | null>;

export interface MathContext {
  /** The series (or the result of an expression) of each id. */
  readonly values: Record<string, Value>;
  /** The period in seconds of each metric id. */
  readonly periods: Record<string, number>;
}

export function evaluate(expression: string, ctx: MathContext): Value {
  const tokens = expression.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|[-+*/(),<>])/g)?.map(t => t.trim()) ?? [];
  if (tokens.join('') !== expression.replace(/\s+/g, '')) throw new Error(`cannot read the expression ${expression}`);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];

  function comparison(): Value {
    const left = additive();
    if (['<', '>', '<=', '>=', '==', '!='].includes(peek())) {
      const op = next();
      return pointwise(left, additive(), (a, b) => (compare(op, a, b) ? 1 : 0));
    }
    return left;
  }
  function additive(): Value {
    let value = term();
    while (peek() === '+' || peek() === '-') {
      const op = next();
      value = pointwise(value, term(), (a, b) => (op === '+' ? a + b : a - b));
    }
    return value;
  }
  function term(): Value {
    let value = unary();
    while (peek() === '*' || peek() === '/') {
      const op = next();
      value = pointwise(value, unary(), (a, b) => (op === '*' ? a * b : b === 0 ? null : a / b));
    }
    return value;
  }
  function unary(): Value {
    if (peek() === '-') {
      next();
      return pointwise(-1, unary(), (a, b) => a * b);
    }
    return primary();
  }
  function primary(): Value {
    const token = next();
    if (token === '(') {
      const value = comparison();
      if (next() !== ')') throw new Error(`missing ) in ${expression}`);
      return value;
    }
    if (/^\d/.test(token)) return Number(token);
    if (peek() === '(') {
      next();
      const args: Array<Value | 'REPEAT' | string> = [];
      while (peek() !== ')') {
        if (peek() === 'REPEAT') {
          next();
          args.push('REPEAT');
        } else if (token === 'PERIOD') {
          args.push(next());
        } else {
          args.push(comparison());
        }
        if (peek() === ',') next();
      }
      next();
      return call(token, args);
    }
    if (!(token in ctx.values)) throw new Error(`unknown id ${token} in ${expression}`);
    return ctx.values[token];
  }
  function call(name: string, args: Array<Value | string>): Value {
    const series = (v: Value | string): Array<number | null> => {
      if (!Array.isArray(v)) throw new Error(`${name} needs a time series in ${expression}`);
      return v;
    };
    switch (name) {
      case 'FILL': {
        const values = series(args[0]);
        if (args[1] === 'REPEAT') {
          let last: number | null = null;
          return values.map(v => (v === null ? last : (last = v)));
        }
        return values.map(v => (v === null ? args[1] as number : v));
      }
      case 'SUM': return series(args[0]).reduce<number>((sum, v) => sum + (v ?? 0), 0);
      case 'AVG': {
        const present = series(args[0]).filter((v): v is number => v !== null);
        return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
      }
      case 'DIFF': return series(args[0]).map((v, j, all) => (j === 0 || v === null || all[j - 1] === null ? null : v - all[j - 1]!));
      case 'IF': return pointwise(pointwise(args[0] as Value, args[1] as Value, (c, a) => (c !== 0 ? a : Number.NaN)), args[2] as Value,
        (picked, b) => (Number.isNaN(picked) ? b : picked));
      case 'PERIOD': {
        const period = ctx.periods[args[0] as string];
        if (period === undefined) throw new Error(`PERIOD of unknown metric ${String(args[0])}`);
        return period;
      }
      default: throw new Error(`unsupported function ${name} in ${expression}`);
    }
  }
  const result = comparison();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${expression}`);
  return result;
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    case '==': return a === b;
    default: return a !== b;
  }
}

function pointwise(a: Value, b: Value, f: (x: number, y: number) => number | null): Value {
  if (!Array.isArray(a) && !Array.isArray(b)) return a === null || b === null ? null : f(a, b);
  const length = Array.isArray(a) ? a.length : (b as unknown[]).length;
  const at = (v: Value, j: number) => (Array.isArray(v) ? v[j] : v);
  return Array.from({ length }, (_, j) => {
    const x = at(a, j);
    const y = at(b, j);
    return x === null || y === null ? null : f(x, y);
  });
}
