import * as fs from 'fs';
import * as path from 'path';
import { PIPELINE_FILE_SCHEMA } from '../../src/pipeline-file/schema';
import { renderProviderDocs } from '../../src/providers/docs';

/** Files generated from the provider modules; `npx projen docs:providers` writes them, test/providers/modules.test.ts compares. */
export const GENERATED: Array<{ file: string; render: () => string }> = [
  { file: path.join(__dirname, '..', '..', 'docs', 'providers.md'), render: renderProviderDocs },
  {
    file: path.join(__dirname, '..', '..', 'src', 'pipeline-file', 'delivery-pipeline.schema.json'),
    render: () => `${JSON.stringify(PIPELINE_FILE_SCHEMA, undefined, 2)}\n`,
  },
];

if (require.main === module) {
  for (const { file, render } of GENERATED) {
    fs.writeFileSync(file, render());
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
