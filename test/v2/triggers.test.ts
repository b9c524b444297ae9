import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Build, DeliveryPipeline, GitTrigger, PullRequestFilter, PushFilter, Source } from '../../src';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const connection = (repo = 'acme/shop') => Source.connection(repo, 'main', { connectionArn: CONNECTION_ARN });

function withTriggers(triggers: (app: Source, docs: Source) => GitTrigger[], pipelineType?: codepipeline.PipelineType) {
  const app = connection();
  const docs = connection('acme/docs');
  return synthPipeline(() => ({
    source: app,
    additionalSources: [docs],
    buildStep: Build.codeBuild({ commands: ['make'] }),
    triggers: triggers(app, docs),
    pipelineType,
  }));
}

const pushOnly = (push: PushFilter[]) => (app: Source) => [{ source: app, push }];
const prOnly = (pullRequest: PullRequestFilter[]) => (app: Source) => [{ source: app, pullRequest }];

test('push and pull request filters on branches, tags and file paths render as the pipeline trigger of the source', () => {
  const { template } = withTriggers((app, docs) => [
    {
      source: app,
      push: [
        { branches: ['main', 'release/*'], branchesExcludes: ['release/old'], filePaths: ['src/**'], filePathsExcludes: ['**/*.md'] },
        { tags: ['v*'], tagsExcludes: ['v0*'] },
      ],
      pullRequest: [{ branches: ['main'], events: [codepipeline.GitPullRequestEvent.OPEN, codepipeline.GitPullRequestEvent.UPDATED] }],
    },
    { source: docs, push: [{ branches: ['main'] }] },
  ]);
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Triggers: [
      {
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: {
          SourceActionName: 'shop',
          Push: [
            {
              Branches: { Includes: ['main', 'release/*'], Excludes: ['release/old'] },
              FilePaths: { Includes: ['src/**'], Excludes: ['**/*.md'] },
            },
            { Tags: { Includes: ['v*'], Excludes: ['v0*'] } },
          ],
          PullRequest: [{ Branches: { Includes: ['main'] }, Events: ['OPEN', 'UPDATED'] }],
        },
      },
      { ProviderType: 'CodeStarSourceConnection', GitConfiguration: { SourceActionName: 'docs', Push: [{ Branches: { Includes: ['main'] } }] } },
    ],
  });
});

test('a pull request filter without events starts on all of them', () => {
  const { template } = withTriggers(prOnly([{ branches: ['main'] }]));
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    Triggers: [{ GitConfiguration: { SourceActionName: 'shop', PullRequest: [{ Branches: { Includes: ['main'] }, Events: ['OPEN', 'UPDATED', 'CLOSED'] }] }, ProviderType: 'CodeStarSourceConnection' }],
  });
});

describe('trigger errors', () => {
  const nine = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];

  test('triggers on a V1 pipeline', () => {
    expect(() => withTriggers(pushOnly([{ branches: ['main'] }]), codepipeline.PipelineType.V1))
      .toThrow(/'triggers' \(git push and pull request filters\) is a CodePipeline V2 feature, but pipelineType is V1/);
  });

  test('a trigger of a source that is not in the pipeline', () => {
    expect(() => withTriggers(() => [{ source: connection('acme/other'), push: [{ branches: ['main'] }] }]))
      .toThrow(/triggers\[0\] belongs to a source that is not this pipeline's 'source' or one of its 'additionalSources'/);
  });

  test('a trigger of a source that is not a connection', () => {
    const stack = testStack();
    const repo = codecommit.Repository.fromRepositoryName(stack, 'Repo', 'shop');
    const source = Source.codeCommit(repo, 'main');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      source, buildStep: Build.codeBuild({ commands: ['make'] }), triggers: [{ source, push: [{ branches: ['main'] }] }],
    })).toThrow(/triggers\[0\] belongs to source 'Repo' \(provider CodeCommit\), but CodePipeline filters only connection sources: use Source.connection/);
  });

  test('two triggers of one source', () => {
    expect(() => withTriggers(app => [{ source: app, push: [{ branches: ['main'] }] }, { source: app, pullRequest: [{ branches: ['main'] }] }]))
      .toThrow(/source 'shop' has two triggers, but CodePipeline allows one per source action: merge their filters/);
  });

  test('a trigger without filters', () => {
    expect(() => withTriggers(app => [{ source: app }])).toThrow(/the trigger of source 'shop' has no filters: give 'push' or 'pullRequest' filters/);
  });

  test('more than three push or pull request filters', () => {
    expect(() => withTriggers(pushOnly([1, 2, 3, 4].map(() => ({ branches: ['main'] })))))
      .toThrow(/the trigger of source 'shop' has 4 push filters; CodePipeline allows 3/);
    expect(() => withTriggers(prOnly([1, 2, 3, 4].map(() => ({ branches: ['main'] })))))
      .toThrow(/the trigger of source 'shop' has 4 pull request filters; CodePipeline allows 3/);
  });

  test('more than eight patterns in a list', () => {
    expect(() => withTriggers(pushOnly([{ branches: nine }]))).toThrow(/push filter 1 of source 'shop': 'branches' has 9 patterns; CodePipeline allows 8/);
    expect(() => withTriggers(prOnly([{ branches: ['main'], filePathsExcludes: nine }])))
      .toThrow(/pull request filter 1 of source 'shop': 'filePathsExcludes' has 9 patterns; CodePipeline allows 8/);
  });

  test('an empty pattern', () => {
    expect(() => withTriggers(pushOnly([{ tags: [' '] }]))).toThrow(/push filter 1 of source 'shop': 'tags' holds an empty pattern/);
  });

  test('file paths without branches', () => {
    expect(() => withTriggers(pushOnly([{ tags: ['v*'], filePaths: ['src/**'] }])))
      .toThrow(/push filter 1 of source 'shop' filters file paths without branches; CodePipeline needs both: add 'branches'/);
  });

  test('a push filter without branches and tags', () => {
    expect(() => withTriggers(pushOnly([{}]))).toThrow(/push filter 1 of source 'shop' names no branches and no tags/);
  });

  test('a pull request filter without branches', () => {
    expect(() => withTriggers(prOnly([{ branches: [] }]))).toThrow(/pull request filter 1 of source 'shop' names no branches; CodePipeline needs the target branches/);
  });

  test('a pull request filter with an empty event list', () => {
    expect(() => withTriggers(prOnly([{ branches: ['main'], events: [] }]))).toThrow(/pull request filter 1 of source 'shop' has an empty 'events' list/);
  });
});
