import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CFN_MARKER, TemplateParameter } from './shapes';

/** A value a pipeline file leaves to deploy time: a CloudFormation parameter of the synthesized stack. */
export interface DeployTimeValue {
  /** The parameter's logical id. */
  readonly name: string;
  /** What it is for (its description in the template). */
  readonly description: string;
  readonly default?: string;
  readonly type?: string;
  readonly noEcho?: boolean;
}

const PSEUDO = /^AWS::/;

/**
 * The deploy-time values of one pipeline file: the imported template's parameters it references, the
 * resources of that template it names (their values, given at deploy time), and the values it leaves out.
 * Each becomes a `CfnParameter` of the pipeline's stack.
 */
export class DeployTimeValues {
  private readonly values = new Map<string, DeployTimeValue>();
  private readonly template: Map<string, TemplateParameter>;

  constructor(template: TemplateParameter[] = []) {
    this.template = new Map(template.map(p => [p.name, p]));
  }

  /** `data` with each `{{cfn:Name}}` marker of an imported template replaced by a reference to its parameter. */
  public resolveMarkers(data: any): any {
    if (typeof data === 'string') return data.includes('{{cfn:') ? this.tokenOf(data) : data;
    if (Array.isArray(data)) return data.map(d => this.resolveMarkers(d));
    if (data && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, this.resolveMarkers(v)]));
    return data;
  }

  /** A value the file leaves out, as a reference to a new parameter named after where it belongs. */
  public missing(where: string, description: string): string {
    const name = where.replace(/[^A-Za-z0-9]/g, '');
    if (!this.values.has(name)) this.values.set(name, { name, description });
    return Fn.ref(name);
  }

  /** Every deploy-time value, in the order first referenced. */
  public list(): DeployTimeValue[] {
    return [...this.values.values()];
  }

  /** Creates the parameters in the stack of `scope` (once per stack: two files may share a template parameter). */
  public create(scope: Construct): void {
    const stack = Stack.of(scope);
    for (const v of this.values.values()) {
      if (stack.node.tryFindChild(v.name)) continue;
      const parameter = new CfnParameter(stack, v.name, {
        type: v.type ?? 'String',
        description: v.description,
        default: v.default,
        noEcho: v.noEcho,
      });
      parameter.overrideLogicalId(v.name);
    }
  }

  private tokenOf(text: string): string {
    const parts: string[] = [];
    let last = 0;
    for (const m of text.matchAll(CFN_MARKER)) {
      if (m.index! > last) parts.push(text.slice(last, m.index));
      parts.push(this.reference(m[1]));
      last = m.index! + m[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    return parts.length === 1 ? parts[0] : Fn.join('', parts);
  }

  private reference(name: string): string {
    if (PSEUDO.test(name)) return Fn.ref(name);
    const given = this.template.get(name);
    const id = name.replace(/[^A-Za-z0-9]/g, '');
    if (!this.values.has(id)) {
      this.values.set(id, given
        ? { name: id, description: given.description ?? `The imported template's parameter ${name}`, default: given.default, type: given.type, noEcho: given.noEcho }
        : { name: id, description: `The value of ${name.includes('.') ? `Fn::GetAtt ${name}` : `Ref ${name}`} in the imported template (a resource it declares): give it at deploy time` });
    }
    return Fn.ref(id);
  }
}
