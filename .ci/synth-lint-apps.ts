// Synthesizes every app whose templates CI lints with cfn-lint, each into .ci-out/<name>, with
// aws-cdk-lib's built-in CloudFormation validation on.
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildAllProvidersApp } from '../examples/all-providers/all-providers-stack';
import { buildEnvironmentsApp } from '../examples/environments/environments-pipeline-stack';
import { buildMaxPipelineApp } from '../examples/max-pipeline';
import { buildApp } from '../examples/shop-pipeline-stack';

const apps: Record<string, (app: App) => unknown> = {
  'shop-pipeline': buildApp,
  'environments': buildEnvironmentsApp,
  'all-providers': buildAllProvidersApp,
  'all-providers-stage-stacks': app => buildAllProvidersApp(app, true),
  'max-pipeline': buildMaxPipelineApp,
};

for (const [name, build] of Object.entries(apps)) {
  const app = new App({ outdir: path.join(__dirname, '..', '.ci-out', name) });
  build(app);
  app.synth();
  console.log(`synthesized ${name}`);
}
