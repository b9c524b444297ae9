import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';

/**
 * The connection each full-clone source output was fetched through. A CodeBuild step that reads
 * such an output clones the repository itself and must be allowed to use that connection.
 */
const CONNECTIONS = new WeakMap<codepipeline.Artifact, string>();

/** Records that `artifact` is a full clone (`CODEBUILD_CLONE_REF`) fetched through `connectionArn`. */
export function registerCloneOutput(artifact: codepipeline.Artifact, connectionArn: string): void {
  CONNECTIONS.set(artifact, connectionArn);
}

/** The connection a full-clone artifact was fetched through, if it is one. */
export function cloneOutputConnection(artifact: codepipeline.Artifact): string | undefined {
  return CONNECTIONS.get(artifact);
}
