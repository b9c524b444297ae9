import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeliveryPipeline, PipelineFileOptions } from '../../src';
import { CONNECTION_ARN, importedService, testStack } from '../util';

/** The seed document's pipeline file (section 4 of codepipeline-overview.md). */
export const SEED_FILE = path.join(__dirname, 'fixtures', 'seed.yaml');

/** The values the seed leaves out: CloudFormation parameters of the synthesized stack, in order. */
export const SEED_PARAMETERS = ['SourceSourceActionFullRepositoryId', 'SourceSourceActionBranchName', 'SourceSourceActionConnectionArn',
  'DeployDeployActionClusterName', 'DeployDeployActionServiceName'];

/** The seed file's options: its connection, service, task definition and source configuration. */
export function seedOptions(stack: Stack) {
  const { service, taskDefinition } = importedService(stack);
  return {
    file: SEED_FILE,
    connections: { default: CONNECTION_ARN },
    services: { default: service },
    taskDefinitions: { default: taskDefinition },
    configuration: { 'SourceAction.FullRepositoryId': 'acme/shop', 'SourceAction.BranchName': 'main' },
  };
}

/** A valid two-stage spec around the given extra stages and pipeline keys. */
export function spec(stages: string, pipelineKeys = ''): string {
  return `pipeline:
  name: shop
${pipelineKeys}  stages:
    - name: Source
      actions:
        - name: Checkout
          actionType: Source
          provider: GitHub
          outputArtifacts: [{ name: Src }]
          configuration:
            FullRepositoryId: acme/shop
            BranchName: main
${stages}`;
}

/** One more stage holding the given actions (YAML, each indented as an action). */
export function stage(name: string, ...actions: string[]): string {
  const items = actions.map(action => action.replace(/^/gm, '          ').replace(/^ {10}/, '        - ')).join('\n');
  return `    - name: ${name}\n      actions:\n${items}\n`;
}

/** The rendered actions of the pipeline, by name. */
export function actionsOf(template: Template): Record<string, any> {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  return Object.fromEntries(pipeline.Properties.Stages.flatMap((s: any) => s.Actions).map((a: any) => [a.Name, a]));
}

/** Builds a spec in a fresh unit-test stack and returns the template. */
export function synthSpec(text: string, options: Partial<PipelineFileOptions> = {}): { template: Template; pipeline: DeliveryPipeline } {
  const stack = testStack();
  const pipeline = DeliveryPipeline.fromFile(stack, 'App', { text, connections: { default: CONNECTION_ARN }, ...options });
  return { template: Template.fromStack(stack), pipeline };
}

/** What loading a spec throws (its message). */
export function specError(text: string, options: Partial<PipelineFileOptions> = {}): string {
  try {
    synthSpec(text, options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the spec loaded without an error');
}
