import { DeliveryPipelineError } from '../private/errors';

/**
 * The error for a GitHub (version 1, OAuth token) source, which AWS deprecated: the library never
 * creates one. Call it wherever a GitHub v1 source can be asked for (e.g. the YAML spec's
 * `provider: GitHub` with `version: '1'`), with the location of the request.
 *
 * @param location where the request is, e.g. a spec path `stages[0].actions[0]`
 */
export function gitHubOAuthUnsupported(location?: string): never {
  throw new DeliveryPipelineError('GitHubOAuthUnsupported',
    'GitHub (version 1) sources authenticate with a long-lived OAuth token stored in the pipeline and are deprecated by AWS; ' +
    'use a GitHub (via GitHub App) connection instead: create an AWS CodeConnections connection to GitHub once ' +
    '(console: Developer Tools > Settings > Connections, or AWS::CodeConnections::Connection) and authorize it, then use ' +
    "Source.connection('<owner>/<repo>', '<branch>', { connectionArn }) (in the YAML spec: provider 'CodeStarSourceConnection' with the connection's ARN)",
    location);
}
