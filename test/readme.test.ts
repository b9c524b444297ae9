import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { docPages } from './doc-pages';

/**
 * Every ```ts block of README.md and docs/*.md compiles against the library, inside a stack's constructor
 * with the names the prose introduces declared (like jsii-rosetta's fixtures), all in one compiler program.
 * Blocks fenced ```ts no-compile (type notation, other library versions) are skipped.
 */
/**
 * The library the blocks compile against: the built declarations (lib/index.d.ts, from `npx projen compile`,
 * which runs before the tests in the build) when present - much faster than compiling src/ - else the sources.
 */
const LIBRARY = fs.existsSync(path.join(__dirname, '..', 'lib', 'index.d.ts')) ? '../lib' : '../src';

const FIXTURE_HEAD = `
import * as cdk from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  ActionRole, ActionVariable, Approval, Build, ConditionRule, DeliveryPipeline, Deploy, DeviceFarmAppType, DeviceFarmTestType, DocumentedCalls, EntryResult,
  EnvironmentPipelines, FailureResult,
  Invoke, IStepContext, MissingValues, PipelineArtifact, PipelineStep, PipelineVariable, RetryMode, Source, StepBinding, StepCategory, SuccessResult, Test, VariableOperator,
} from '${LIBRARY}';
declare const app: cdk.App;
declare const connectionArn: string;
declare const npmToken: secretsmanager.ISecret;
declare const images: ecr.IRepository;
declare class ShopStage extends cdk.Stage { constructor(scope: Construct, id: string, props?: cdk.StageProps); }
declare const service: ecs.IBaseService;
declare const taskDefinition: ecs.ITaskDefinition;
declare const smokeTest: lambda.IFunction;
declare const repository: codecommit.IRepository;
declare const stagingSite: s3.IBucket;
declare const productionSite: s3.IBucket;
declare const shop: DeliveryPipeline;
declare const buildStep: Build;
declare const devExec: iam.IRole;
declare const stagingExec: iam.IRole;
declare const prodExec: iam.IRole;
declare const devDeploy: Deploy;
declare const prodDeploy: Deploy;
declare const stagingErrors: cloudwatch.IAlarm;
declare const productionErrors: cloudwatch.IAlarm;
declare const productionAlarmReader: iam.IRole;
declare const errors: cloudwatch.IAlarm;
declare const freeze: PipelineVariable;
declare const projectArn: string;
declare const devicePoolArn: string;
declare const releasePipeline: codepipeline.IPipeline;
declare const role: iam.Role;
declare const imageRepository: ecr.IRepository;
declare const dbHost: ssm.IParameter;
declare const stackArn: string;
declare const queueArn: string;
export const used = [ActionRole, MissingValues, PipelineStep, StepCategory, Duration, DeviceFarmAppType, DeviceFarmTestType, codebuild, codepipeline, ActionVariable, Approval, ConditionRule, EntryResult, EnvironmentPipelines, FailureResult,
  Invoke, PipelineArtifact, RetryMode, SuccessResult, Test, VariableOperator];
`;

function blocks(markdown: string): Array<{ line: number; code: string }> {
  const found: Array<{ line: number; code: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    found.push({ line: start, code: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return found;
}

test('every TypeScript example in README.md and docs/*.md compiles', () => {
  const root = path.join(__dirname, '..');
  const files = new Map<string, string>();
  const origins = new Map<string, string>();
  let count = 0;
  for (const doc of docPages()) {
    const examples = blocks(fs.readFileSync(path.join(root, doc), 'utf-8'));
    if (doc === 'README.md') expect(examples.length).toBeGreaterThanOrEqual(4);
    count += examples.length;
    examples.forEach(({ line, code }) => {
      // The package's own name resolves to LIBRARY: the built lib/ when present, else src/.
      const imports = code.split('\n').filter(l => l.startsWith('import ')).map(l => l.replace("from 'cdk-delivery-pipeline'", `from '${LIBRARY}'`));
      const body = code.split('\n').filter(l => !l.startsWith('import ')).join('\n');
      const file = path.join(root, 'test', `__doc_${doc.replace(/[^A-Za-z0-9]/g, '_')}_line_${line}.ts`);
      origins.set(file, `${doc} block at line ${line}`);
      files.set(file,
        `${imports.join('\n')}\n${FIXTURE_HEAD}\nexport class Example extends cdk.Stack {\n  constructor(scope: Construct) {\n    super(scope, 'Example');\n${body}\n  }\n}\n`);
    });
  }
  expect(count).toBeGreaterThanOrEqual(20);

  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    noUnusedLocals: false,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (file) => files.get(path.resolve(file)) ?? readFile(file);
  const fileExists = host.fileExists;
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter(d => d.file && files.has(path.resolve(d.file.fileName)))
    .map(d => `${origins.get(path.resolve(d.file!.fileName))}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});
