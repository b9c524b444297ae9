import { cliSpelling } from '../../src/cli/pipeline-file/spelling';

describe('cliSpelling: the fixes of pipeline-file problems in the CLI flags', () => {
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
