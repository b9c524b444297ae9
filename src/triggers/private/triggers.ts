import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { Construct } from 'constructs';
import { fail } from '../../core/private/errors';
import type { PipelineStep } from '../../core/step';
import type { GitTrigger, PullRequestFilter, PushFilter } from '../trigger';

const MAX_FILTERS = 3;
const MAX_PATTERNS = 8;

/**
 * Adds the triggers to the pipeline, after the sources bound. Every limit CodePipeline enforces is
 * checked here first, with an error that names the source and says what to change.
 */
export function addTriggers(scope: Construct, pipeline: codepipeline.Pipeline, pipelineType: codepipeline.PipelineType,
  triggers: GitTrigger[], actionsOf: Map<PipelineStep, codepipeline.IAction[]>): void {
  if (triggers.length === 0) return;
  if (pipelineType === codepipeline.PipelineType.V1) {
    fail(scope, 'V2FeatureOnV1', "'triggers' (git push and pull request filters) is a CodePipeline V2 feature, but pipelineType is V1: use PipelineType.V2 (the default), or remove 'triggers'");
  }
  const seen = new Set<codepipeline.IAction>();
  triggers.forEach((trigger, t) => {
    const actions = actionsOf.get(trigger.source);
    if (!actions) {
      fail(scope, 'TriggerSourceNotInPipeline',
        `triggers[${t}] belongs to a source that is not this pipeline's 'source' or one of its 'additionalSources': pass the same Source object to both`);
    }
    const action = actions[actions.length - 1];
    const name = action.actionProperties.actionName;
    if (action.actionProperties.provider !== 'CodeStarSourceConnection') {
      fail(scope, 'TriggerNeedsConnectionSource',
        `triggers[${t}] belongs to source '${name}' (provider ${action.actionProperties.provider}), but CodePipeline filters only connection sources: use Source.connection(...)`);
    }
    if (seen.has(action)) {
      fail(scope, 'DuplicateTrigger', `source '${name}' has two triggers, but CodePipeline allows one per source action: merge their filters into one trigger`);
    }
    seen.add(action);
    const push = trigger.push ?? [];
    const pullRequest = trigger.pullRequest ?? [];
    if (push.length === 0 && pullRequest.length === 0) {
      fail(scope, 'EmptyTrigger', `the trigger of source '${name}' has no filters: give 'push' or 'pullRequest' filters, or remove the trigger`);
    }
    if (push.length > MAX_FILTERS) {
      fail(scope, 'TooManyPushFilters', `the trigger of source '${name}' has ${push.length} push filters; CodePipeline allows ${MAX_FILTERS}: merge patterns into fewer filters`);
    }
    if (pullRequest.length > MAX_FILTERS) {
      fail(scope, 'TooManyPullRequestFilters',
        `the trigger of source '${name}' has ${pullRequest.length} pull request filters; CodePipeline allows ${MAX_FILTERS}: merge patterns into fewer filters`);
    }
    push.forEach((filter, i) => checkPush(scope, name, i, filter));
    pullRequest.forEach((filter, i) => checkPullRequest(scope, name, i, filter));
    pipeline.addTrigger({
      providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
      gitConfiguration: {
        sourceAction: action,
        pushFilter: push.length > 0 ? push.map(f => ({
          branchesIncludes: f.branches,
          branchesExcludes: f.branchesExcludes,
          tagsIncludes: f.tags,
          tagsExcludes: f.tagsExcludes,
          filePathsIncludes: f.filePaths,
          filePathsExcludes: f.filePathsExcludes,
        })) : undefined,
        pullRequestFilter: pullRequest.length > 0 ? pullRequest.map(f => ({
          branchesIncludes: f.branches,
          branchesExcludes: f.branchesExcludes,
          filePathsIncludes: f.filePaths,
          filePathsExcludes: f.filePathsExcludes,
          events: f.events,
        })) : undefined,
      },
    });
  });
}

function checkPush(scope: Construct, source: string, i: number, f: PushFilter): void {
  const where = `push filter ${i + 1} of source '${source}'`;
  checkPatterns(scope, where, {
    branches: f.branches,
    branchesExcludes: f.branchesExcludes,
    tags: f.tags,
    tagsExcludes: f.tagsExcludes,
    filePaths: f.filePaths,
    filePathsExcludes: f.filePathsExcludes,
  });
  const branches = some(f.branches) || some(f.branchesExcludes);
  const tags = some(f.tags) || some(f.tagsExcludes);
  if ((some(f.filePaths) || some(f.filePathsExcludes)) && !branches) {
    fail(scope, 'FilePathsNeedBranches', `${where} filters file paths without branches; CodePipeline needs both: add 'branches' (e.g. ['main'])`);
  }
  if (!branches && !tags) {
    fail(scope, 'PushFilterNeedsBranchesOrTags', `${where} names no branches and no tags: add 'branches' (e.g. ['main']) or 'tags' (e.g. ['v*'])`);
  }
}

function checkPullRequest(scope: Construct, source: string, i: number, f: PullRequestFilter): void {
  const where = `pull request filter ${i + 1} of source '${source}'`;
  checkPatterns(scope, where, {
    branches: f.branches, branchesExcludes: f.branchesExcludes, filePaths: f.filePaths, filePathsExcludes: f.filePathsExcludes,
  });
  if (!some(f.branches) && !some(f.branchesExcludes)) {
    fail(scope, 'PullRequestFilterNeedsBranches', `${where} names no branches; CodePipeline needs the target branches: add 'branches' (e.g. ['main'])`);
  }
  if (f.events && f.events.length === 0) {
    fail(scope, 'EmptyPullRequestEvents', `${where} has an empty 'events' list: leave it out for all events, or name OPEN, UPDATED or CLOSED`);
  }
}

function checkPatterns(scope: Construct, where: string, lists: Record<string, string[] | undefined>): void {
  for (const [field, patterns] of Object.entries(lists)) {
    if (!patterns) continue;
    if (patterns.length > MAX_PATTERNS) {
      fail(scope, 'TooManyFilterPatterns', `${where}: '${field}' has ${patterns.length} patterns; CodePipeline allows ${MAX_PATTERNS}: use broader globs`);
    }
    if (patterns.some(p => p.trim() === '')) {
      fail(scope, 'EmptyFilterPattern', `${where}: '${field}' holds an empty pattern: remove it`);
    }
  }
}

function some(xs: string[] | undefined): boolean {
  return xs !== undefined && xs.length > 0;
}
