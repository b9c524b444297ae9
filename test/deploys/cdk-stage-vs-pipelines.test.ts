import { measureCdkPipelines, measureLibrary } from '../../bench/cdk-stage';

/**
 * The closing numbers of issue 13, measured by synthesizing both pipelines for the same stage (a service
 * stack with N assets and a data stack it depends on): Deploy.cdkStage needs one asset-publishing
 * CodeBuild action and project per environment whatever N is; CDK Pipelines (defaults) one per asset.
 */
describe.each([[1, 0], [4, 1], [20, 5]])('a stage with %i file and %i image assets', (files, images) => {
  const n = files + images;

  test('one environment: 1 + 2 per stack actions and 1 asset project, vs N + 2 per stack and N', () => {
    const ours = measureLibrary(files, images, 1);
    const theirs = measureCdkPipelines(files, images, 1);
    expect(ours).toMatchObject({ releaseActions: 1 + 2 * 2, assetProjects: 1 });
    expect(theirs).toMatchObject({ releaseActions: n + 2 * 2, assetProjects: n });
  });

  test('three environments: 3 * (1 + 2 per stack) and 3 projects, vs N shared + 3 * 2 per stack and N', () => {
    const ours = measureLibrary(files, images, 3);
    const theirs = measureCdkPipelines(files, images, 3);
    expect(ours).toMatchObject({ releaseActions: 3 * (1 + 2 * 2), assetProjects: 3 });
    expect(theirs).toMatchObject({ releaseActions: n + 3 * 2 * 2, assetProjects: n });
  });
});
