import type { IConstruct } from 'constructs';

const BRAND = Symbol.for('cdk-delivery-pipeline.DeliveryPipelineError');

/** Not exported: jsii cannot model a subclass of `Error` (aws-cdk-lib's own errors are built the same way). */
abstract class LibraryError extends Error {}

/**
 * The one error type the library throws for bad input.
 *
 * Every message names where the problem is (the construct path, or a spec location), what was found
 * and how to fix it. Tests and tools recognise it with `isDeliveryPipelineError()`.
 *
 * Exported for TypeScript and JavaScript (`import { DeliveryPipelineError } from 'cdk-delivery-pipeline'`);
 * jsii cannot model a subclass of `Error`, so other languages see the message of a jsii error.
 *
 * @internal
 */
export class DeliveryPipelineError extends LibraryError {
  /** Whether `x` is an error thrown by this library for bad input. */
  public static isDeliveryPipelineError(x: unknown): x is DeliveryPipelineError {
    return typeof x === 'object' && x !== null && BRAND in x;
  }

  /** A stable PascalCase code, e.g. `EmptyCommands`. */
  public readonly code: string;
  /** Where the problem is: a construct path, or a spec location. */
  public readonly location?: string;

  constructor(code: string, message: string, location?: string) {
    super(location ? `${location}: ${message}` : message);
    Object.defineProperty(this, BRAND, { value: true });
    this.name = 'DeliveryPipelineError';
    this.code = code;
    this.location = location;
  }
}

/** Throws a DeliveryPipelineError located at the given construct. */
export function fail(scope: IConstruct | undefined, code: string, message: string): never {
  throw new DeliveryPipelineError(code, message, scope ? scope.node.path : undefined);
}

/** Renders a value for an error message (short, quoted, never a Token's internals). */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}
