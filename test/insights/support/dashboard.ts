import { Template } from 'aws-cdk-lib/assertions';
import { matchesFilterPattern, select } from './filter-pattern';
import { evaluate, Value } from './metric-math';
import * as recorded from '../fixtures/codepipeline-events.json';

/** An EventBridge event as the log group keeps it. */
export interface PipelineEvent {
  readonly 'detail-type': string;
  readonly 'time': string;
  readonly 'detail': Record<string, any>;
  readonly [key: string]: unknown;
}

/** The recorded events (test/insights/fixtures), as the pipeline of the given name emits them. */
export function recordedEvents(pipelineName: string): PipelineEvent[] {
  return (recorded.events as unknown as PipelineEvent[]).map(e => ({
    ...e,
    resources: [`arn:aws:codepipeline:eu-west-1:123456789012:${pipelineName}`],
    detail: { ...e.detail, pipeline: pipelineName },
  }));
}

/** The dashboards of a template, their bodies parsed (a `Ref` becomes `<LogicalId>`, the region eu-west-1). */
export function dashboardBodies(template: Template): any[] {
  return Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map((d: any) => {
    const body = d.Properties.DashboardBody;
    const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: any) => {
      if (typeof part === 'string') return part;
      if (part.Ref === 'AWS::Region') return 'eu-west-1';
      if (part.Ref) return `<${part.Ref}>`;
      throw new Error(`unexpected token in the dashboard body: ${JSON.stringify(part)}`);
    }).join('');
    return JSON.parse(text);
  });
}

/** The widget whose title starts with the given text (exactly one). */
export function widget(body: any, titleStart: string): any {
  const found = body.widgets.filter((w: any) => typeof w.properties.title === 'string' && w.properties.title.startsWith(titleStart));
  if (found.length !== 1) throw new Error(`${found.length} widgets titled '${titleStart}...': ${body.widgets.map((w: any) => w.properties.title).join(' | ')}`);
  return found[0];
}

/** A datapoint a metric filter publishes. */
interface Datapoint {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly time: number;
  readonly value: number;
}

/** What the template's metric filters publish for the events (as CloudWatch Logs would). */
export function publishedDatapoints(template: Template, events: PipelineEvent[]): Datapoint[] {
  const points: Datapoint[] = [];
  for (const filter of Object.values(template.findResources('AWS::Logs::MetricFilter')) as any[]) {
    const { FilterPattern: pattern, MetricTransformations: [t] } = filter.Properties;
    for (const event of events) {
      if (!matchesFilterPattern(pattern, event)) continue;
      const dimensions = Object.fromEntries((t.Dimensions ?? []).map((d: any) => [d.Key, String(select(event, d.Value))]));
      points.push({ namespace: t.MetricNamespace, metricName: t.MetricName, dimensions, time: Date.parse(event.time), value: Number(t.MetricValue) });
    }
  }
  return points;
}

/** The series of a graph widget's lines, by label (hidden ones by id), over [from, to). */
export function graphSeries(graph: any, datapoints: Datapoint[], from: string, to: string): Record<string, Value> {
  const entries: any[][] = graph.properties.metrics;
  const start = Date.parse(from);
  const end = Date.parse(to);
  const values: Record<string, Value> = {};
  const periods: Record<string, number> = {};
  const expressions: Array<{ id: string; expression: string; label?: string }> = [];
  const labels: Record<string, string> = {};
  entries.forEach((entry, index) => {
    const options = typeof entry[entry.length - 1] === 'object' ? entry[entry.length - 1] : {};
    const id: string = options.id ?? `e${index}`;
    if (options.expression) {
      expressions.push({ id, expression: options.expression, label: options.label });
    } else {
      const [namespace, metricName, ...rest] = entry.slice(0, typeof entry[entry.length - 1] === 'object' ? -1 : undefined) as string[];
      const dimensions: Record<string, string> = {};
      for (let i = 0; i < rest.length; i += 2) dimensions[rest[i]] = rest[i + 1];
      const period: number = options.period ?? 300;
      periods[id] = period;
      const bins = Math.ceil((end - start) / (period * 1000));
      const series: Array<number | null> = Array.from({ length: bins }, () => null);
      for (const p of datapoints) {
        const sameDimensions = JSON.stringify(sorted(p.dimensions)) === JSON.stringify(sorted(dimensions));
        if (p.namespace !== namespace || p.metricName !== metricName || !sameDimensions) continue;
        if (p.time < start || p.time >= end) continue;
        const bin = Math.floor((p.time - start) / (period * 1000));
        const current = series[bin];
        series[bin] = current === null ? p.value : options.stat === 'Maximum' ? Math.max(current, p.value) : options.stat === 'Sum' ? current + p.value : unsupported(options.stat);
      }
      values[id] = series;
    }
    if (options.label) labels[id] = options.label;
  });
  // Expressions may use ones listed after them: evaluate until every one has a value.
  const pending = [...expressions];
  for (let round = 0; pending.length > 0; round++) {
    if (round > expressions.length) throw new Error(`expressions reference unknown ids: ${pending.map(e => e.expression).join(', ')}`);
    for (const e of [...pending]) {
      try {
        values[e.id] = evaluate(e.expression, { values, periods });
        pending.splice(pending.indexOf(e), 1);
      } catch (error) {
        if (!/unknown id/.test(String(error))) throw error;
      }
    }
  }
  const result: Record<string, Value> = {};
  for (const [id, value] of Object.entries(values)) result[labels[id] ?? id] = value;
  return result;
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function unsupported(stat: string): never {
  throw new Error(`unsupported statistic ${stat}`);
}
