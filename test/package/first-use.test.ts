import * as fs from 'fs';
import * as path from 'path';
import { Build, DeliveryPipeline, DeliveryPipelineError, PIPELINE_FILE_SCHEMA, PIPELINE_FILE_SCHEMA_ID, Source, PipelineFileError, Test } from '../../src';
import { docPages } from '../doc-pages';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

/** What a first-time user trips on: names the README documents, the install line, the peer floor, stack traces. */
const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

describe('the names the README documents are exported by the package', () => {
  test('DeliveryPipelineError: bad input throws it, with its code and construct path', () => {
    let thrown: unknown;
    try {
      new DeliveryPipeline(testStack(), 'Pipeline', { source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }), buildStep: Build.codeBuild({ commands: [] }) });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DeliveryPipelineError);
    expect(DeliveryPipelineError.isDeliveryPipelineError(thrown)).toBe(true);
    expect((thrown as DeliveryPipelineError).location).toBe('Test/Pipeline/Build/Build');
    expect((thrown as DeliveryPipelineError).code).toBe('EmptyCommands');
  });

  test('PipelineFileError: an invalid spec throws it, a DeliveryPipelineError with every problem', () => {
    let thrown: unknown;
    try {
      DeliveryPipeline.fromFile(testStack(), 'Pipeline', { text: 'pipeline: { stages: [], colour: red }' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PipelineFileError);
    expect(thrown).toBeInstanceOf(DeliveryPipelineError);
    expect((thrown as PipelineFileError).code).toBe('InvalidSpec');
    expect((thrown as PipelineFileError).problems.map(p => p.code)).toContain('UnknownKey');
  });

  test('PIPELINE_FILE_SCHEMA and PIPELINE_FILE_SCHEMA_ID: the schema the loader validates with, as shipped in the JSON file', () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'pipeline-file', 'delivery-pipeline.schema.json'), 'utf-8'));
    expect(PIPELINE_FILE_SCHEMA.$id).toBe(PIPELINE_FILE_SCHEMA_ID);
    expect(JSON.parse(JSON.stringify(PIPELINE_FILE_SCHEMA))).toEqual(shipped);
  });

  test('the README and docs/ name them as exports', () => {
    const docs = docPages().map(page => fs.readFileSync(path.join(ROOT, page), 'utf-8')).join('\n');
    for (const name of ['DeliveryPipelineError', 'PipelineFileError', 'PIPELINE_FILE_SCHEMA']) {
      expect(docs).toMatch(new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from 'cdk-delivery-pipeline'`));
    }
  });
});

describe('installing', () => {
  test('until the package is published, the README installs the tarball `npx projen package` writes', () => {
    // jsii-pacmak's JavaScript target writes <outdir>/js/<name>@<version>.jsii.tgz.
    expect(pkg.jsii.outdir).toBe('dist');
    expect(pkg.scripts.package).toBe('projen package');
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Quick start'));
    expect(install).toContain('npx projen package');
    expect(install).toContain(`dist/js/${pkg.name}@<version>.jsii.tgz`);
    expect(install).toMatch(new RegExp(`npm install \\S*dist/js/${pkg.name}@\\*\\.jsii\\.tgz`));
    // No bare `npm install cdk-delivery-pipeline` is given as the way to install.
    expect(readme).not.toMatch(/^npm install (--save-dev |--global )?cdk-delivery-pipeline\b/m);
  });

  test('the peer dependency admits aws-cdk-lib from 2.201.0 (the oldest with every L2 the library uses), and CI checks that floor', () => {
    expect(pkg.peerDependencies['aws-cdk-lib']).toBe('^2.201.0');
    expect(pkg.peerDependencies.constructs).toBe('^10.0.0');
    // The tests run against the latest.
    expect(pkg.devDependencies['aws-cdk-lib']).not.toBe('2.201.0');
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8');
    expect(ci).toMatch(/^bash \.ci\/cdk-floor\.sh$/m);
    // The floor script reads the floor from package.json, so the two cannot drift apart.
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'cdk-floor.sh'), 'utf-8')).toContain("peerDependencies['aws-cdk-lib']");
    expect(readme).toContain('aws-cdk-lib ^2.201.0');
  });
});

describe('stack traces point at files the package ships', () => {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf-8').replace(/^\s*\/\/.*$/mg, ''));
  const npmignore = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf-8').split('\n');

  test('the compiled library has no source maps, since the package leaves out src/', () => {
    expect(npmignore).toContain('/src/');
    expect(tsconfig.compilerOptions.inlineSourceMap).toBe(false);
    expect(tsconfig.compilerOptions.inlineSources).toBe(false);
    expect(tsconfig.compilerOptions.sourceMap).not.toBe(true);
  });

  test('no compiled file refers to a source map (when lib/ is built)', () => {
    const lib = path.join(ROOT, 'lib');
    if (!fs.existsSync(lib)) return; // `npx projen build` compiles before it tests
    const withMaps = (fs.readdirSync(lib, { recursive: true }) as string[])
      .filter(f => f.endsWith('.js') && fs.readFileSync(path.join(lib, f), 'utf-8').includes('sourceMappingURL'));
    expect(withMaps).toEqual([]);
  });
});

describe('Test.codeBuild is named by actionName, like every step', () => {
  const steps = () => ({ source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN }), buildStep: Build.codeBuild({ commands: ['make'] }) });

  test('actionName names the test action', () => {
    const { template } = synthPipeline(() => ({ ...steps(), tests: [Test.codeBuild({ actionName: 'Unit', commands: ['npm test'] })] }));
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0];
    const stage = pipeline.Properties.Stages.find((s: { Name: string }) => s.Name === 'Test');
    expect(stage.Actions.map((a: { Name: string }) => a.Name)).toEqual(['Unit']);
  });

  test('one unnamed test is called Test; two are a clear error', () => {
    const { template } = synthPipeline(() => ({ ...steps(), tests: [Test.codeBuild({ commands: ['npm test'] })] }));
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0];
    expect(pipeline.Properties.Stages.find((s: { Name: string }) => s.Name === 'Test').Actions.map((a: { Name: string }) => a.Name)).toEqual(['Test']);
    expect(() => synthPipeline(() => ({ ...steps(), tests: [Test.codeBuild({ commands: ['a'] }), Test.codeBuild({ commands: ['b'] })] })))
      .toThrow("Test/Pipeline/Test: two steps of stage 'Test' are called 'Test': give one of them another 'actionName'");
  });

  test("the old 'name' (JavaScript callers get no compile error) is an error that says to use actionName", () => {
    const old = { name: 'Unit', commands: ['npm test'] } as unknown as Parameters<typeof Test.codeBuild>[0];
    expect(() => synthPipeline(() => ({ ...steps(), tests: [Test.codeBuild(old)] })))
      .toThrow("Test.codeBuild takes 'actionName', like every step, not 'name' (got name: 'Unit'): write Test.codeBuild({ actionName: 'Unit', ... })");
  });
});
