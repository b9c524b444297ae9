import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, Document, Node, Pair } from 'yaml';
import { CLOUDFORMATION_TAGS } from './cfn-tags';
import { PipelineFileProblem } from './file-error';
import { PIPELINE_FILE_SCHEMA } from './schema';
import { convertFile, ConvertedFile, PipelineFileShape, TemplateParameter } from './shapes';
import { didYouMean } from '../core/private/suggest';

/** Conversion notes that are problems (the rest say what the library replaces). */
const PROBLEM_NOTES = ['UnknownKey', 'UnsupportedIntrinsic'];

/** A path into the spec document, from its root: `['pipeline', 'stages', 2, 'actions', 0]`. */
export type SpecPath = readonly (string | number)[];

/** A parsed spec: its data, and where each value is in the text. */
export class ParsedSpec {
  /** The shape the file was written in. */
  public readonly shape: PipelineFileShape;
  /** What the library replaces or does not keep of an imported definition (informational). */
  public readonly notes: PipelineFileProblem[];
  /** An imported CloudFormation template's parameters the pipeline references. */
  public readonly parameters: TemplateParameter[];
  /** An imported definition's own service role and artifact store. */
  public readonly imported: ConvertedFile['imported'];
  private readonly sourcePath: (path: SpecPath) => SpecPath;

  constructor(
    public readonly data: any,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    converted?: ConvertedFile,
  ) {
    this.shape = converted?.shape ?? PipelineFileShape.LIBRARY;
    this.sourcePath = converted?.sourcePath ?? (p => p);
    this.parameters = converted?.parameters ?? [];
    this.imported = converted?.imported;
    this.notes = (converted?.notes ?? []).filter(n => !PROBLEM_NOTES.includes(n.code)).map(n => this.at(n.code, n.path, n.message));
  }

  /** The problem at `path` of the library's shape (its key's position for `atKey`, else its value's). */
  public problem(code: string, path: SpecPath, message: string, atKey?: string): PipelineFileProblem {
    return this.at(code, this.sourcePath(atKey !== undefined ? [...path, atKey] : path), message, atKey !== undefined);
  }

  /** The problem at `source`, a path of the file as written (at the key it ends with for `atKey`, else at its value). */
  public at(code: string, source: SpecPath, message: string, atKey = false): PipelineFileProblem {
    const key = atKey ? String(source[source.length - 1]) : undefined;
    const { line, column } = this.position(atKey ? source.slice(0, -1) : source, key);
    return { code, path: renderPath(source), line, column, message };
  }

  private position(path: SpecPath, atKey?: string): { line?: number; column?: number } {
    let node: unknown = this.doc.getIn(path, true) ?? undefined;
    for (let i = path.length; node === undefined && i > 0; i--) {
      node = this.doc.getIn(path.slice(0, i - 1), true);
    }
    if (atKey !== undefined && isMap(node)) {
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === atKey);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
    const range = (node as Node | undefined)?.range;
    if (!range) return {};
    const pos = this.lines.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  }
}

/** Renders a path relative to `pipeline`: `stages[2].actions[0].configuration`. */
export function renderPath(path: SpecPath): string {
  const parts = path[0] === 'pipeline' && path.length > 1 ? path.slice(1) : path;
  let text = '';
  for (const part of parts) text += typeof part === 'number' ? `[${part}]` : (text ? `.${part}` : part);
  return text || '(root)';
}

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: false }).compile(PIPELINE_FILE_SCHEMA);
  return validator;
}

/**
 * Parses a YAML or JSON spec and checks it against the schema. Returns the parsed spec, and every
 * syntax and schema problem with its line and column.
 */
export function parseSpec(text: string): { spec?: ParsedSpec; problems: PipelineFileProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, customTags: CLOUDFORMATION_TAGS });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map(e => {
        const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        return { code: 'SyntaxError', path: '(file)', line: pos.line, column: pos.col, message: `${firstLine(e.message)}: fix the YAML syntax` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias to an anchor that does not exist, or an alias bomb
    return { problems: [{ code: 'SyntaxError', path: '(file)', line: 1, column: 1, message: `${firstLine((error as Error).message)}: fix the YAML anchors and aliases` }] };
  }
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ code: 'NotAMapping', path: '(root)', line: 1, column: 1, message: "a spec is a mapping with a 'pipeline' key: start the file with 'pipeline:'" }] };
  }
  const converted = convertFile(data);
  const spec = new ParsedSpec(converted.data, doc, lines, converted);
  const noted = converted.notes.filter(n => PROBLEM_NOTES.includes(n.code)).map(n => spec.at(n.code, n.path, n.message));
  if (noted.length > 0) return { spec, problems: noted };
  const validate = schemaValidator();
  if (validate(spec.data)) return { spec, problems: [] };
  return { spec, problems: schemaProblems(spec, validate.errors ?? []) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')).map(s => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaProblems(spec: ParsedSpec, errors: ErrorObject[]): PipelineFileProblem[] {
  const problems: PipelineFileProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const path = pathOf(error.instancePath);
    const problem = toProblem(spec, path, error);
    const key = `${problem.path}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function toProblem(spec: ParsedSpec, path: (string | number)[], error: ErrorObject): PipelineFileProblem {
  const params = error.params as any;
  const parentSchema = error.parentSchema as any;
  const value = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(parentSchema?.properties ?? {});
      return spec.problem('UnknownKey', path, `unknown key '${key}'${didYouMean(key, known)}: use one of ${known.join(', ')}`, key);
    }
    case 'required':
      return spec.problem('MissingKey', path, `'${params.missingProperty}' is required here: add it`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return spec.problem('InvalidValue', path,
        `${JSON.stringify(value)} is not allowed${didYouMean(String(value), allowed)}: use one of ${[...new Set(allowed)].join(', ')}`);
    }
    case 'type':
      return spec.problem('InvalidType', path, `expected ${[].concat(params.type).join(' or ')}, got ${describe(value)}`);
    case 'pattern':
      return spec.problem('InvalidValue', path, `${JSON.stringify(value)} does not match ${params.pattern}: ${parentSchema?.description ?? 'fix the value'}`);
    default:
      return spec.problem('InvalidValue', path, `${error.message ?? 'is invalid'}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
