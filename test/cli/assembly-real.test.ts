import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { findAssemblyPipelines } from '../../src/cli/private/assembly';

test('finds the pipeline in a cloud assembly really synthesized by aws-cdk-lib (metadata in <stack>.metadata.json)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-assembly-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = buildApp(app);
    app.synth();
    expect(findAssemblyPipelines(outdir)).toEqual([expect.objectContaining({
      pipelineName: stack.delivery.pipelineName,
      stackName: 'ShopPipeline',
      constructPath: 'ShopPipeline/Shop',
      region: 'eu-west-1',
    })]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
