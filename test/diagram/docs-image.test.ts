import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { renderSvg } from '../../src/cli/pipeline-file/render-diagram';
import { PipelineDiagram } from '../../src/diagram';

const IMAGE = path.join(__dirname, '..', '..', 'docs', 'pipeline-diagram.svg');

// docs/pipeline-diagram.svg is the seed example's pipeline as `diagram --format svg` draws it.
// Regenerate it with: UPDATE_DOCS_IMAGE=1 npx jest test/diagram/docs-image.test.ts
test('the example image in docs/ is the seed example drawn by Graphviz (WebAssembly)', async () => {
  const stack = buildApp(new App({ builtinCloudFormationValidation: false }));
  const svg = await renderSvg(PipelineDiagram.renderDot(stack.delivery.pipeline));
  if (process.env.UPDATE_DOCS_IMAGE === '1') fs.writeFileSync(IMAGE, svg);
  expect(svg).toContain('Unit');
  expect(fs.readFileSync(IMAGE, 'utf8')).toBe(svg);
});
