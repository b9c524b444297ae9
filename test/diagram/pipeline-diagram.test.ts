import * as fs from 'fs';
import * as path from 'path';
import { Approval, Build, DeliveryPipeline, PipelineDiagram, Source, Test } from '../../src';
import { CONNECTION_ARN, testStack } from '../util';

function pipeline() {
  const stack = testStack();
  const p = new DeliveryPipeline(stack, 'Shop', {
    source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    tests: [Test.codeBuild({ actionName: 'Unit', commands: ['make test'] }), Test.codeBuild({ actionName: 'Lint', commands: ['make lint'] })],
    approval: Approval.manual({ comment: 'Say "yes" <now>' }),
  });
  return { stack, p };
}

describe('PipelineDiagram', () => {
  test('renders stages in order, parallel actions, artifact flow and approvals', () => {
    const diagram = pipeline().p.renderDiagram();
    expect(diagram).toMatch(/^flowchart TB\n/);
    expect(diagram).toContain('subgraph s0["Source"]');
    expect(diagram).toContain('s0a0(["shop<br/>Source: CodeStarSourceConnection"])');
    expect(diagram).toContain('s0 ==> s1\n  s1 ==> s2\n  s2 ==> s3');
    expect(diagram).toContain('s0a0 -->|shop_Output| s1a0');
    expect(diagram).toContain('s0a0 -->|shop_Output| s2a0');
    expect(diagram).toContain('s0a0 -->|shop_Output| s2a1');
    expect(diagram).toContain('s3a0{{"Approve<br/>Approval: Manual"}}');
    expect(diagram).toContain('class s3a0 approval');
    expect(diagram).not.toContain('-.->'); // the two tests run in parallel
  });

  test('marks sequential actions, conditions, rollback and escapes labels', () => {
    const diagram = PipelineDiagram.renderModel({
      name: 'x',
      stages: [
        { name: 'Source', actions: [{ name: 'S', category: 'Source', provider: 'S3', outputArtifacts: ['A'] }] },
        {
          name: 'Deploy "prod"',
          hasConditions: true,
          rollbackOnFailure: true,
          actions: [
            { name: 'First', category: 'Deploy', provider: 'S3', inputArtifacts: ['A'], runOrder: 1 },
            { name: 'Second', category: 'Deploy', provider: 'S3', inputArtifacts: ['A'], runOrder: 2 },
          ],
        },
      ],
    });
    expect(diagram).toContain('subgraph s1["Deploy #quot;prod#quot; [conditions, rollback on failure]"]');
    expect(diagram).toContain('s1a0 -.->|then| s1a1');
  });

  test('is written next to the template at synth', () => {
    const { stack } = pipeline();
    const assembly = (stack.node.root as any).synth();
    const file = path.join(assembly.directory, 'Test.Shop.mmd');
    expect(fs.readFileSync(file, 'utf8')).toContain('subgraph s3["Approve"]');
  });
});
