import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { modelOfPipeline } from '../validation/from-pipeline';
import { ActionModel, PipelineModel, StageModel } from '../validation/model';

/**
 * Renders a pipeline as a Mermaid flowchart: stages top to bottom in order, parallel actions side by
 * side, sequential ones joined by dotted arrows, artifacts on the arrows between actions, sources as
 * stadiums, approvals as hexagons, and stage conditions, rollback and retry in the stage titles.
 *
 * @example
 * const mermaid = PipelineDiagram.render(deliveryPipeline.pipeline);
 */
export class PipelineDiagram {
  /** Renders an aws-cdk-lib pipeline (e.g. `DeliveryPipeline#pipeline`), as synthesized. */
  public static render(pipeline: codepipeline.Pipeline): string {
    return PipelineDiagram.renderModel(modelOfPipeline(pipeline));
  }

  /** Renders a pipeline model (e.g. one built from a spec). */
  public static renderModel(model: PipelineModel): string {
    const lines = ['flowchart TB'];
    if (model.name) lines.push(`  %% pipeline ${model.name}`);
    lines.push('  classDef source fill:#e8f4fd,stroke:#1f77b4', '  classDef approval fill:#fff4e5,stroke:#ff7f0e');
    const ids = new Map<ActionModel, string>();
    model.stages.forEach((stage, i) => {
      lines.push(`  subgraph s${i}["${escape(stageTitle(stage))}"]`, '    direction LR');
      stage.actions.forEach((action, j) => {
        const id = `s${i}a${j}`;
        ids.set(action, id);
        lines.push(`    ${id}${shape(action)}`);
      });
      const groups = runOrderGroups(stage);
      for (let g = 1; g < groups.length; g++) {
        lines.push(`    ${groups[g - 1].map(a => ids.get(a)).join(' & ')} -.->|then| ${groups[g].map(a => ids.get(a)).join(' & ')}`);
      }
      lines.push('  end');
    });
    for (let i = 1; i < model.stages.length; i++) lines.push(`  s${i - 1} ==> s${i}`);
    for (const { producer, consumer, artifact } of artifactEdges(model)) {
      lines.push(`  ${ids.get(producer)} -->|${escape(artifact)}| ${ids.get(consumer)}`);
    }
    model.stages.forEach(stage => stage.actions.forEach(action => {
      if (action.category === 'Source') lines.push(`  class ${ids.get(action)} source`);
      if (action.category === 'Approval') lines.push(`  class ${ids.get(action)} approval`);
    }));
    return `${lines.join('\n')}\n`;
  }

  /**
   * Renders an aws-cdk-lib pipeline as a Graphviz (DOT) graph: the same picture as `render`, for
   * renderers that draw DOT (the CLI's `diagram --format svg|html` draws it with Graphviz compiled to
   * WebAssembly).
   */
  public static renderDot(pipeline: codepipeline.Pipeline): string {
    return PipelineDiagram.renderDotModel(modelOfPipeline(pipeline));
  }

  /**
   * Renders a pipeline model as a Graphviz (DOT) graph: one box per stage, top to bottom; parallel
   * actions side by side, sequential ones joined by dotted arrows; artifacts on the arrows between
   * actions; sources rounded and blue, approvals hexagons in orange.
   */
  public static renderDotModel(model: PipelineModel): string {
    const lines = [
      'digraph pipeline {',
      `  graph [rankdir=TB, compound=true, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=0.5${model.name ? `, label=${dotString(`pipeline ${model.name}`)}, labelloc=t` : ''}];`,
      '  node [fontname="Helvetica", fontsize=10, shape=box, style="filled", fillcolor="#ffffff", color="#555555", margin="0.2,0.1"];',
      '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    ];
    const ids = new Map<ActionModel, string>();
    const groupsOf: ActionModel[][][] = [];
    model.stages.forEach((stage, i) => {
      lines.push(`  subgraph cluster_s${i} {`, `    label=${dotString(stageTitle(stage))}; style="rounded"; color="#999999";`);
      stage.actions.forEach((action, j) => {
        const id = `s${i}a${j}`;
        ids.set(action, id);
        lines.push(`    ${id} [label=${dotString(`${action.name}\n${action.category}: ${action.provider}`, false)}${dotShape(action)}];`);
      });
      const groups = runOrderGroups(stage);
      groupsOf.push(groups);
      for (const group of groups) if (group.length > 1) lines.push(`    { rank=same; ${group.map(a => ids.get(a)).join('; ')}; }`);
      for (let g = 1; g < groups.length; g++) {
        lines.push(`    ${ids.get(groups[g - 1][0])} -> ${ids.get(groups[g][0])} [style=dotted, label="then"];`);
      }
      lines.push('  }');
    });
    for (let i = 1; i < model.stages.length; i++) {
      const last = groupsOf[i - 1][groupsOf[i - 1].length - 1]?.[0];
      const first = groupsOf[i][0]?.[0];
      if (last && first) lines.push(`  ${ids.get(last)} -> ${ids.get(first)} [ltail=cluster_s${i - 1}, lhead=cluster_s${i}, penwidth=2];`);
    }
    for (const { producer, consumer, artifact } of artifactEdges(model)) {
      lines.push(`  ${ids.get(producer)} -> ${ids.get(consumer)} [label=${dotString(artifact)}, style=dashed, color="#1f77b4", fontcolor="#1f77b4", constraint=false];`);
    }
    lines.push('}');
    return `${lines.join('\n')}\n`;
  }

  private constructor() {}
}

/** Which action reads which action's output: the first action declaring an artifact produces it. */
function artifactEdges(model: PipelineModel): Array<{ producer: ActionModel; consumer: ActionModel; artifact: string }> {
  const actions = model.stages.flatMap(stage => stage.actions);
  const producers = new Map<string, ActionModel>();
  for (const action of actions) {
    for (const output of action.outputArtifacts ?? []) if (!producers.has(output)) producers.set(output, action);
  }
  return actions.flatMap(consumer => (consumer.inputArtifacts ?? [])
    .filter(artifact => producers.has(artifact))
    .map(artifact => ({ producer: producers.get(artifact)!, consumer, artifact })));
}

/** A DOT string literal; with `escapeBackslashes` false, a `\\n` in the text stays a DOT line break. */
function dotString(text: string, escapeBackslashes = true): string {
  const body = (escapeBackslashes ? text.replace(/\\/g, '\\\\') : text).replace(/"/g, '\\"');
  return `"${body}"`;
}

function dotShape(action: ActionModel): string {
  if (action.category === 'Source') return ', style="rounded,filled", fillcolor="#e8f4fd", color="#1f77b4"';
  if (action.category === 'Approval') return ', shape=hexagon, fillcolor="#fff4e5", color="#ff7f0e"';
  return '';
}

function stageTitle(stage: StageModel): string {
  const marks = [
    stage.hasConditions ? 'conditions' : undefined,
    stage.rollbackOnFailure ? 'rollback on failure' : undefined,
    stage.retryOnFailure ? 'retry on failure' : undefined,
  ].filter(m => m !== undefined);
  return marks.length > 0 ? `${stage.name} [${marks.join(', ')}]` : stage.name;
}

function shape(action: ActionModel): string {
  const label = escape(`${action.name}<br/>${action.category}: ${action.provider}`);
  if (action.category === 'Source') return `(["${label}"])`;
  if (action.category === 'Approval') return `{{"${label}"}}`;
  return `["${label}"]`;
}

function runOrderGroups(stage: StageModel): ActionModel[][] {
  const byOrder = new Map<number, ActionModel[]>();
  for (const action of stage.actions) {
    const order = action.runOrder ?? 1;
    byOrder.set(order, [...(byOrder.get(order) ?? []), action]);
  }
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, actions]) => actions);
}

/** Escapes text for a quoted Mermaid label (keeps the `<br/>` line breaks the renderer adds). */
function escape(text: string): string {
  return text
    .replace(/"/g, '#quot;')
    .replace(/<(?!br\/>)/g, '#lt;')
    .replace(/(?<!<br\/)>/g, '#gt;')
    .replace(/\|/g, '#124;');
}
