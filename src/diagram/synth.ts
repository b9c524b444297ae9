import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { IConstruct } from 'constructs';
import { PipelineDiagram } from './pipeline-diagram';

/** The file name of a pipeline's diagram in the cloud assembly: `<stack artifact id>.<construct path in the stack>.mmd`. */
export function diagramFileName(scope: IConstruct): string {
  const stack = Stack.of(scope);
  const relative = scope.node.path.slice(stack.node.path.length).replace(/^\//, '').replace(/[^A-Za-z0-9_.-]+/g, '-');
  return `${stack.artifactId}.${relative || 'pipeline'}.mmd`;
}

/** Writes the pipeline's Mermaid diagram next to the stack's template at synth. */
export function attachDiagram(scope: IConstruct, pipeline: codepipeline.Pipeline): void {
  attachCustomSynthesis(scope, {
    onSynthesize(session) {
      fs.writeFileSync(path.join(session.outdir, diagramFileName(scope)), PipelineDiagram.render(pipeline));
    },
  });
}
