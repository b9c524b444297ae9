// Run by .ci/cdk-floor.sh in its scratch copy, where aws-cdk-lib is the peer dependency's floor:
// synthesizes the seed example and checks it has the resources it has with the latest aws-cdk-lib.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../examples/shop-pipeline-stack';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-floor-'));
const app = new App({ outdir });
const stack = buildApp(app);
const assembly = app.synth();
const template = assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, { Type: string }> };
const resources = Object.entries(template.Resources).map(([id, r]) => `${id} ${r.Type}`).sort();

// The resources the latest aws-cdk-lib synthesizes (the example's snapshot), when given.
const expectedFile = process.argv[2];
if (expectedFile) {
  const expected = (fs.readFileSync(expectedFile, 'utf-8').trim().split('\n')).sort();
  const missing = expected.filter(r => !resources.includes(r));
  const extra = resources.filter(r => !expected.includes(r));
  if (missing.length || extra.length) {
    console.error(`the seed example synthesizes other resources with aws-cdk-lib ${require('aws-cdk-lib/package.json').version}:`);
    missing.forEach(r => console.error(`  missing: ${r}`));
    extra.forEach(r => console.error(`  extra:   ${r}`));
    process.exit(1);
  }
}
console.log(`seed example synthesized with aws-cdk-lib ${require('aws-cdk-lib/package.json').version}: ${resources.length} resources`);
if (process.env.CDK_FLOOR_PRINT) fs.writeFileSync(process.env.CDK_FLOOR_PRINT, `${resources.join('\n')}\n`);
fs.rmSync(outdir, { recursive: true, force: true });
