import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Command, Option } from 'commander';
import { buildSpecApp, MISSING_VALUES, QUOTA_FLAGS, SpecBuildOptions, SpecUsageError } from './build';
import { DIAGRAM_FORMATS, DiagramFormat, diagramPage, renderSvg } from './render-diagram';
import { cliSpelling } from './spelling';
import { DeliveryPipelineError, PIPELINE_FILE_SCHEMA, PipelineDiagram, PipelineFileError } from '../../index';
import { collect } from '../private/parse';

/** What the spec commands need from the outside world; the defaults use the process. */
export interface SpecCommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Receives the exit code: 0 ok, 1 invalid spec, 2 usage error. */
  readonly setExitCode: (code: number) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

/** Exit codes of the spec commands. */
export const SpecExitCode = { OK: 0, INVALID: 1, USAGE: 2 } as const;

const processDeps: SpecCommandDeps = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  setExitCode: code => { process.exitCode = code; },
  cwd: process.cwd(),
};

interface CommandOptions extends SpecBuildOptions {
  readonly output?: string;
  readonly json?: boolean;
  readonly format?: DiagramFormat;
}

/**
 * Adds `validate`, `synth`, `diagram` and `schema` to a commander program: check a pipeline spec,
 * synthesize it into a cloud assembly, or render it as Mermaid, without writing TypeScript.
 */
export function registerSpecCommands(program: Command, deps: SpecCommandDeps = processDeps): void {
  // Repeatable options take one value each time (`--set A=1 --set B=2`): a variadic option would take the file name too.
  const buildOptions = (command: Command) => command
    .addOption(new Option('--connection <name=arn>', 'a CodeConnections ARN the spec names (repeatable; "default" for all)').argParser(collect))
    .addOption(new Option('--set <Action.Key=value>', 'a configuration value to add or override (repeatable)').argParser(collect))
    .addOption(new Option('--missing-values <mode>', 'what a value the file leaves out becomes: a CloudFormation parameter given at deploy time, or an error')
      .choices(Object.keys(MISSING_VALUES)).default('parameters'))
    .addOption(new Option('--quota <name=n>', `a CodePipeline quota Service Quotas raised for the account (repeatable; ${Object.keys(QUOTA_FLAGS).join(', ')})`).argParser(collect))
    .option('--stack-name <name>', 'the stack holding the pipeline', 'DeliveryPipeline')
    .option('--account <id>', 'the stack\'s account (default: environment-agnostic)')
    .option('--region <region>', 'the stack\'s region (default: environment-agnostic)');

  buildOptions(program.command('validate')
    .description('Check a pipeline spec (YAML or JSON) against the schema and every CodePipeline rule, and list the values left to supply at deploy time')
    .argument('<spec>', 'the spec file')
    .option('--json', 'print the problems, or the deploy-time values, as JSON'))
    .action((spec: string, options: CommandOptions) => run(deps, options, () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-delivery-pipeline-'));
      try {
        const { app, stack, pipeline } = buildSpecApp(resolveSpec(deps, spec), options, outdir);
        const parameters = deployTimeParameters(app, stack);
        const stages = pipeline.pipeline.stages;
        const actions = stages.reduce((n, s) => n + s.actions.length, 0);
        if (options.json) {
          deps.stdout(`${JSON.stringify({ valid: true, problems: [], parameters })}\n`);
        } else {
          deps.stdout(`${spec}: valid (${stages.length} stages, ${actions} actions)\n`);
          if (parameters.length > 0) {
            deps.stdout('left to supply at deploy time (CloudFormation parameters: cdk deploy --parameters NAME=VALUE; or give them now with --set/--connection):\n' +
              parameters.map(p => `  ${p.name}: ${p.description}\n`).join(''));
          }
        }
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }));

  buildOptions(program.command('synth')
    .description('Synthesize a pipeline spec into a cloud assembly (templates and the pipeline diagram); values the spec leaves out are template parameters')
    .argument('<spec>', 'the spec file')
    .option('-o, --output <dir>', 'the cloud assembly directory', 'cdk.out'))
    .action((spec: string, options: CommandOptions) => run(deps, options, () => {
      const output = options.output ?? 'cdk.out';
      const outdir = path.resolve(deps.cwd, output);
      const { app, stack } = buildSpecApp(resolveSpec(deps, spec), options, outdir);
      const parameters = deployTimeParameters(app, stack);
      deps.stdout(`${spec}: synthesized ${path.join(outdir, stack.templateFile)}\n`);
      if (parameters.length > 0) {
        deps.stdout(`the template has ${parameters.length} parameter${parameters.length === 1 ? '' : 's'} (values the file leaves out); deploy with:\n` +
          `  cdk deploy --app ${output} ${stack.stackName} ${parameters.map(p => `--parameters ${p.name}=VALUE`).join(' ')}\n` +
          parameters.map(p => `  ${p.name}: ${p.description}\n`).join(''));
      } else {
        deps.stdout(`deploy with: cdk deploy --app ${output} ${stack.stackName}\n`);
      }
    }));

  buildOptions(program.command('diagram')
    .description('Render a pipeline spec as a Mermaid flowchart, or draw it as SVG or a self-contained HTML page (Graphviz in WebAssembly)')
    .argument('<spec>', 'the spec file')
    .addOption(new Option('--format <format>', 'mermaid (text), svg, or html (the SVG and the Mermaid source in one page)').choices(DIAGRAM_FORMATS).default('mermaid'))
    .option('-o, --output <file>', 'write the diagram to a file instead of stdout'))
    .action((spec: string, options: CommandOptions) => runAsync(deps, options, async () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-delivery-pipeline-'));
      try {
        const { app, pipeline } = buildSpecApp(resolveSpec(deps, spec), options, outdir);
        app.synth();
        const mermaid = pipeline.renderDiagram();
        const format = options.format ?? 'mermaid';
        let diagram = mermaid;
        if (format !== 'mermaid') {
          const svg = await renderSvg(PipelineDiagram.renderDot(pipeline.pipeline));
          diagram = format === 'svg' ? svg : diagramPage(`Pipeline ${pipeline.pipelineName}`, svg, mermaid);
        }
        if (options.output) fs.writeFileSync(path.resolve(deps.cwd, options.output), diagram);
        else deps.stdout(diagram);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }));

  program.command('schema')
    .description('Print the JSON Schema of pipeline specs (for editors)')
    .action(() => {
      deps.stdout(`${JSON.stringify(PIPELINE_FILE_SCHEMA, null, 2)}\n`);
      deps.setExitCode(SpecExitCode.OK);
    });
}

/** A CloudFormation parameter of the synthesized stack: a value the file leaves to deploy time. */
interface DeployTimeParameter {
  readonly name: string;
  readonly description: string;
}

/** Synthesizes the app and returns the stack template's parameters (but the bootstrap version the synthesizer adds). */
function deployTimeParameters(app: App, stack: Stack): DeployTimeParameter[] {
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  return Object.entries<any>(template.Parameters ?? {})
    .filter(([name]) => name !== 'BootstrapVersion')
    .map(([name, p]) => ({ name, description: p.Description ?? '' }));
}

function resolveSpec(deps: SpecCommandDeps, spec: string): string {
  const file = path.resolve(deps.cwd, spec);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new SpecUsageError(`spec file '${spec}' does not exist`);
  return file;
}

function run(deps: SpecCommandDeps, options: CommandOptions, body: () => void): void {
  try {
    body();
    deps.setExitCode(SpecExitCode.OK);
  } catch (error) {
    report(deps, options, error);
  }
}

async function runAsync(deps: SpecCommandDeps, options: CommandOptions, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    deps.setExitCode(SpecExitCode.OK);
  } catch (error) {
    report(deps, options, error);
  }
}

function report(deps: SpecCommandDeps, options: CommandOptions, error: unknown): void {
  if (error instanceof SpecUsageError) {
    deps.stderr(`error: ${error.message}\n`);
    deps.setExitCode(SpecExitCode.USAGE);
  } else if (PipelineFileError.isPipelineFileError(error)) {
    // The library spells its fixes for code; on the command line they are flags.
    if (!options.json) deps.stderr(`${cliSpelling(error.message)}\n`);
    if (options.json) {
      const problems = error.problems.map(p => ({ ...p, path: cliSpelling(p.path), message: cliSpelling(p.message) }));
      deps.stdout(`${JSON.stringify({ valid: false, problems: problems.map(p => ({ ...p, place: PipelineFileError.placeOf(p) })) })}\n`);
    }
    deps.setExitCode(SpecExitCode.INVALID);
  } else if (DeliveryPipelineError.isDeliveryPipelineError(error) || /Validation failed with the following errors/.test(String((error as Error)?.message))) {
    // A rule checked when the pipeline is built or synthesized (construct paths instead of lines).
    const message = cliSpelling((error as Error).message);
    deps.stderr(`${message}\n`);
    if (options.json) deps.stdout(`${JSON.stringify({ valid: false, problems: [{ code: (error as DeliveryPipelineError).code ?? 'SynthValidation', message }] })}\n`);
    deps.setExitCode(SpecExitCode.INVALID);
  } else {
    throw error;
  }
}
