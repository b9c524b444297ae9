import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every ```ts block of docs/environments.md compiles against the library, inside a stack's
 * constructor with the names the prose introduces declared (the README test's approach; the
 * lead merges this section into the README).
 */
const FIXTURE_HEAD = `
import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  ActionVariable, Build, ConditionRule, DeliveryPipeline, Deploy, EntryResult, EnvironmentPipelines, FailureResult,
  PipelineVariable, RetryMode, Source, SuccessResult, Test, VariableOperator,
} from '../../src';
declare const connectionArn: string;
declare const service: ecs.IBaseService;
declare const taskDefinition: ecs.ITaskDefinition;
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
export const used = [codepipeline, ActionVariable, ConditionRule, EntryResult, EnvironmentPipelines, FailureResult, RetryMode, SuccessResult, Test, VariableOperator];
`;

test('every TypeScript example in docs/environments.md compiles', () => {
  const root = path.join(__dirname, '..', '..');
  const lines = fs.readFileSync(path.join(root, 'docs', 'environments.md'), 'utf-8').split('\n');
  const files = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    const body = lines.slice(start, i + 1).join('\n');
    files.set(path.join(root, 'test', 'environments', `__docs_line_${start}.ts`),
      `${FIXTURE_HEAD}\nexport class Example extends cdk.Stack {\n  constructor(scope: Construct) {\n    super(scope, 'Example');\n${body}\n  }\n}\n`);
  }
  expect(files.size).toBeGreaterThanOrEqual(5);

  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile;
  host.readFile = (file) => files.get(path.resolve(file)) ?? readFile(file);
  const fileExists = host.fileExists;
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists(file);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter(d => d.file && files.has(path.resolve(d.file.fileName)))
    .map(d => `docs/environments.md block at line ${/__docs_line_(\d+)/.exec(d.file!.fileName)![1]}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});
