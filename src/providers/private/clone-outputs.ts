import type * as codecommit from 'aws-cdk-lib/aws-codecommit';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';

/**
 * The connection each full-clone source output was fetched through. A CodeBuild step that reads
 * such an output clones the repository itself and must be allowed to use that connection.
 */
const CONNECTIONS = new WeakMap<codepipeline.Artifact, string>();

/** The CodeCommit repository each full-clone CodeCommit output comes from (the reader runs `git pull`). */
const REPOSITORIES = new WeakMap<codepipeline.Artifact, codecommit.IRepository>();

/** Records that `artifact` is a full clone (`CODEBUILD_CLONE_REF`) fetched through `connectionArn`. */
export function registerCloneOutput(artifact: codepipeline.Artifact, connectionArn: string): void {
  CONNECTIONS.set(artifact, connectionArn);
}

/** The connection a full-clone artifact was fetched through, if it is one. */
export function cloneOutputConnection(artifact: codepipeline.Artifact): string | undefined {
  return CONNECTIONS.get(artifact);
}

/** Records that `artifact` is a full clone (`CODEBUILD_CLONE_REF`) of a CodeCommit repository. */
export function registerCodeCommitClone(artifact: codepipeline.Artifact, repository: codecommit.IRepository): void {
  REPOSITORIES.set(artifact, repository);
}

/** The CodeCommit repository a full-clone artifact is a clone of, if it is one. */
export function cloneOutputRepository(artifact: codepipeline.Artifact): codecommit.IRepository | undefined {
  return REPOSITORIES.get(artifact);
}
