import * as fs from 'fs';
import * as path from 'path';
import { DeliveryPipeline, MissingValues, PipelineFileError, PipelineFileOptions } from '../../src';
import { cliSpelling } from '../../src/cli/pipeline-file/spelling';
import { testStack } from '../util';

const SEED = fs.readFileSync(path.join(__dirname, '..', 'pipeline-file', 'fixtures', 'seed.yaml'), 'utf8');

/** The messages of the problems the library reports for a pipeline file, as the CLI gets them. */
function messages(options: PipelineFileOptions): string[] {
  try {
    DeliveryPipeline.fromFile(testStack(), 'Pipeline', options);
  } catch (error) {
    if (error instanceof PipelineFileError) return error.problems.map(p => p.message);
    throw error;
  }
  throw new Error('the file loaded without problems');
}

describe('cliSpelling: the fixes of pipeline-file problems in the CLI flags', () => {
  test('the library\'s own messages for a file that leaves values out (missingValues: error)', () => {
    expect(messages({ text: SEED, missingValues: MissingValues.ERROR }).map(cliSpelling)).toEqual([
      "configuration 'FullRepositoryId' is required for this provider (e.g. 'acme/shop'): add it under 'configuration', or pass --set SourceAction.FullRepositoryId=VALUE",
      "configuration 'BranchName' is required for this provider (e.g. 'main'): add it under 'configuration', or pass --set SourceAction.BranchName=VALUE",
      "configuration 'ConnectionArn' is required for this provider (e.g. 'arn:aws:codeconnections:us-east-1:123456789012:connection/...' (or pass --connection NAME=ARN)): " +
        "add it under 'configuration', or pass --set SourceAction.ConnectionArn=VALUE",
      "configuration 'ClusterName' is required for this provider (e.g. 'shop'): add it under 'configuration', or pass --set DeployAction.ClusterName=VALUE",
      "configuration 'ServiceName' is required for this provider (e.g. 'shop-web'): add it under 'configuration', or pass --set DeployAction.ServiceName=VALUE",
    ]);
  });

  test('the library\'s message for a connection name that is not given', () => {
    const text = SEED.replace('provider: GitHub', 'provider: GitHub\n         configuration:\n           ConnectionArn: github');
    expect(messages({ text }).map(cliSpelling)).toEqual(["ConnectionArn 'github' is neither a connection ARN nor a name given with --connection NAME=ARN (known: none)"]);
  });

  test('the library\'s message for an invalid value given in PipelineFileOptions.configuration', () => {
    expect(messages({ text: SEED, configuration: { 'BuildAction.BatchEnabled': 'maybe' } }).map(cliSpelling))
      .toEqual(["(from --set BuildAction.BatchEnabled) 'BatchEnabled' must be true or false, got 'maybe'"]);
  });

  // Fragments as the library words them: those a small file does not readily trigger (the no-connection fix of
  // sources/connection.ts, the 'Action.Key' fix of pipeline-file/shapes.ts, the quotas of validation/validator.ts), and
  // the earlier hand-written cases, kept.
  test.each([
    ["or pass PipelineFileOptions.configuration['Checkout.BranchName']", 'or pass --set Checkout.BranchName=VALUE'],
    ["(from PipelineFileOptions.configuration 'Checkout.BranchName') 'x' is invalid", "(from --set Checkout.BranchName) 'x' is invalid"],
    ["give the value when loading (PipelineFileOptions.configuration['Action.Key'])", 'give the value when loading (--set Action.Key=VALUE)'],
    ["or pass PipelineFileOptions.connections (e.g. { default: 'arn:aws:codeconnections:...' })", 'or pass --connection default=arn:aws:codeconnections:...'],
    ["'github' is neither a connection ARN nor a name in PipelineFileOptions.connections", "'github' is neither a connection ARN nor a name given with --connection NAME=ARN"],
    ["(e.g. 'shop' (or pass the service in PipelineFileOptions.services)): add it", "(e.g. 'shop'): add it"],
    ["give the raised value with the 'quotas' option (quotas.maxActionsPerPipeline)", 'give the raised value with --quota actions=N'],
    ['nothing to rewrite', 'nothing to rewrite'],
  ])('%s', (library, cli) => {
    expect(cliSpelling(library)).toBe(cli);
  });
});
