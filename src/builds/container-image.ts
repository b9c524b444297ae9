import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { rejectPlaintextSecrets } from '../core/private/secrets';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { DocumentedCalls } from '../iam/documented-calls';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';
import { declareFiles } from '../providers/private/declared-files';
import { StepBinder } from '../providers/provider-action';

/** Options for `Build.containerImage`. */
export interface ContainerImageBuildOptions extends StepOptions {
  /** The ECR repository the image is pushed to; the build may push to this repository only. */
  readonly repository: ecr.IRepository;

  /**
   * The Dockerfile's path in the input.
   *
   * @default 'Dockerfile'
   */
  readonly dockerfile?: string;

  /**
   * The build context's folder in the input.
   *
   * @default '.' - the input's root
   */
  readonly buildContext?: string;

  /**
   * The container that runs the image, written into `imagedefinitions.json` (what `Deploy.ecs` reads).
   *
   * @default - the default (first essential) container of `taskDefinition`
   */
  readonly containerName?: string;

  /**
   * The task definition whose default container runs the image (for the container name).
   *
   * @default - none; `containerName` must be given when `imageDefinitions` is on
   */
  readonly taskDefinition?: ecs.TaskDefinition;

  /**
   * Write `imagedefinitions.json` (`[{ name, imageUri }]`), which `Deploy.ecs` reads.
   *
   * @default true
   */
  readonly imageDefinitions?: boolean;

  /**
   * Write `imageDetail.json` (`{ ImageURI }`), which `Deploy.codeDeployEcs` (blue/green) reads.
   *
   * @default false
   */
  readonly imageDetail?: boolean;

  /**
   * The repository prefix of an ECR pull-through cache rule (e.g. `docker-hub`), so that base images come
   * from this account's registry instead of Docker Hub (no Docker Hub rate limits). The build passes
   * `--build-arg BASE_REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com/<prefix>`; write the Dockerfile
   * as `ARG BASE_REGISTRY=docker.io` + `FROM ${BASE_REGISTRY}/library/node:22`. The build may pull
   * (and, on first use, create) exactly the repositories under that prefix.
   *
   * @default - base images are pulled from where the Dockerfile names them
   */
  readonly pullThroughCachePrefix?: string;

  /**
   * A Secrets Manager secret `{"username": "...", "password": "..."}` to log in to Docker Hub with
   * before the build (authenticated pulls have higher rate limits). The build may read exactly this secret.
   *
   * @default - anonymous pulls
   */
  readonly dockerHubCredential?: secretsmanager.ISecret;

  /**
   * Secrets the Dockerfile reads with `RUN --mount=type=secret,id=<NAME>` (BuildKit secrets: never
   * build arguments, so they are not kept in the image's history). The build may read exactly these secrets.
   *
   * @default - none
   */
  readonly secrets?: Record<string, secretsmanager.ISecret>;

  /**
   * Plaintext `--build-arg` values (values that look like secrets are rejected: use `secrets`).
   *
   * @default - none
   */
  readonly buildArgs?: Record<string, string>;

  /**
   * The artifact holding the Dockerfile and build context.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * The compute size.
   *
   * @default - the pipeline's `codeBuildDefaults.computeType`, else `ComputeType.SMALL`
   */
  readonly computeType?: codebuild.ComputeType;

  /**
   * How long the build may run.
   *
   * @default - the pipeline's `codeBuildDefaults.timeout`, else 60 minutes
   */
  readonly timeout?: Duration;
}

/** The ECR page listing what `docker push` calls. */
const PUSH_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html';
/** `aws ecr get-login-password` calls GetAuthorizationToken. */
const LOGIN_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html';
/** Pulling through a cache rule: pull, and on first pull import the upstream image into a new repository. */
const PULL_THROUGH_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html';

/** What `docker push` needs on the repository (the ECR user guide's push policy). */
const PUSH_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'];
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/**
 * A container image build: a `StepBinder`, not a `ProviderAction`, because it binds through
 * `bindCodeBuildStep` (its action role is the stage's shared CodeBuild action role, given
 * `CODEBUILD_ACTION_IAM` there); what it adds (pushing to the repository) is the project's service
 * role's, CodeBuild's rather than CodePipeline's, and stays written here.
 */
export class ContainerImageBuild implements StepBinder {
  public readonly defaultActionName: string;

  constructor(public readonly options: ContainerImageBuildOptions) {
    for (const [prop, value] of [['dockerfile', options.dockerfile], ['buildContext', options.buildContext]] as const) {
      if (value !== undefined && !Token.isUnresolved(value) && (value.trim() === '' || value.startsWith('/') || value.split('/').includes('..'))) {
        fail(undefined, 'InvalidDockerfilePath',
          `Build.containerImage: ${prop} must be a relative path inside the input (no leading '/', no '..'), got ${show(value)}`);
      }
    }
    if (options.pullThroughCachePrefix !== undefined && !/^[a-z0-9][a-z0-9._/-]{1,29}$/.test(options.pullThroughCachePrefix)) {
      fail(undefined, 'InvalidPullThroughCachePrefix',
        `Build.containerImage: pullThroughCachePrefix must be the 2 to 30 character prefix of a pull-through cache rule (lowercase letters, digits, '.', '_', '-', '/'), got ${show(options.pullThroughCachePrefix)}`);
    }
    if (!options.imageDefinitions && options.imageDefinitions !== undefined && !options.imageDetail) {
      fail(undefined, 'NoImageFile',
        "Build.containerImage: 'imageDefinitions' is false and 'imageDetail' is not set, so the build writes no file for a deploy: set 'imageDetail: true' (CodeDeploy blue/green) or keep 'imageDefinitions'");
    }
    this.defaultActionName = 'Build';
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const repository = o.repository;
    const writeDefinitions = o.imageDefinitions ?? true;
    const writeDetail = o.imageDetail ?? false;
    const containerName = o.containerName ?? o.taskDefinition?.defaultContainer?.containerName;
    if (writeDefinitions && containerName === undefined) {
      fail(scope, 'ContainerNameUnknown',
        "imagedefinitions.json names the container to update, but neither 'containerName' nor a 'taskDefinition' with a container was given: " +
        "pass 'containerName' (the container's name in the service's task definition) or 'taskDefinition'");
    }
    const stack = Stack.of(scope);
    // The pull-through cache is a rule of the pipeline account's registry; the repository may be in another account's.
    const cacheRegistry = `${stack.account}.dkr.ecr.${stack.region}.${stack.urlSuffix}`;
    const credential = o.dockerHubCredential;
    const secrets = o.secrets ?? {};
    if ('DOCKER_HUB_CREDENTIAL' in secrets) {
      fail(scope, 'ReservedSecretName', "'DOCKER_HUB_CREDENTIAL' is the variable of 'dockerHubCredential': give the secret another name");
    }

    rejectPlaintextSecrets(scope, { prop: 'buildArgs', secretsProp: 'secrets', variables: o.buildArgs });
    const buildArgs = Object.entries(o.buildArgs ?? {}).map(([name, value]) => `--build-arg ${name}=${shellQuote(value)}`);
    if (o.pullThroughCachePrefix) buildArgs.push(`--build-arg BASE_REGISTRY="$CACHE_REGISTRY/${o.pullThroughCachePrefix}"`);
    const secretArgs = Object.keys(secrets).map(name => `--secret id=${name},env=${name}`);
    const dockerfile = o.dockerfile ?? 'Dockerfile';
    const files: string[] = [];
    const writes: string[] = [];
    if (writeDefinitions) {
      files.push('imagedefinitions.json');
      writes.push(`printf '[{"name":"%s","imageUri":"%s"}]' ${shellQuote(containerName!)} "$IMAGE_URI" > imagedefinitions.json`);
    }
    if (writeDetail) {
      files.push('imageDetail.json');
      writes.push('printf \'{"ImageURI":"%s"}\' "$IMAGE_URI" > imageDetail.json');
    }
    const buildSpec = codebuild.BuildSpec.fromObject({
      version: '0.2',
      env: { shell: 'bash' },
      phases: {
        build: {
          // One phase: CodeBuild runs post_build even when build fails, and a failed build must push nothing.
          commands: [
            `test -f ${shellQuote(dockerfile)} || { echo "Dockerfile '${dockerfile}' not found in the input: set 'dockerfile' to its path" >&2; exit 1; }`,
            'IMAGE_TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:?the commit is unknown: the input must come from a source action}"',
            'IMAGE_URI="$REPOSITORY_URI:$IMAGE_TAG"',
            // GetAuthorizationToken (valid for every registry the role may use), then Docker logs in to the repository's registry.
            'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$IMAGE_REGISTRY"',
            ...(o.pullThroughCachePrefix ? ['[ "$CACHE_REGISTRY" = "$IMAGE_REGISTRY" ] || aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$CACHE_REGISTRY"'] : []),
            ...(credential ? ['jq -r .password <<< "$DOCKER_HUB_CREDENTIAL" | docker login --username "$(jq -r .username <<< "$DOCKER_HUB_CREDENTIAL")" --password-stdin'] : []),
            ['DOCKER_BUILDKIT=1 docker build', `-f ${shellQuote(dockerfile)}`, '-t "$IMAGE_URI"', ...buildArgs, ...secretArgs, shellQuote(o.buildContext ?? '.')].join(' '),
            'docker push "$IMAGE_URI"',
            ...writes,
          ],
        },
      },
      artifacts: { files },
    });

    const result = bindCodeBuildStep(scope, context, {
      buildSpec,
      input: o.input,
      environment: {
        REPOSITORY_URI: repository.repositoryUri,
        IMAGE_REGISTRY: repository.registryUri,
        ...(o.pullThroughCachePrefix ? { CACHE_REGISTRY: cacheRegistry } : {}),
      },
      secrets: { ...secrets, ...(credential ? { DOCKER_HUB_CREDENTIAL: credential } : {}) },
      computeType: o.computeType,
      timeout: o.timeout,
      // Docker needs a privileged build container; only this project gets one.
      privileged: true,
      produceOutput: true,
      type: actions.CodeBuildActionType.BUILD,
    });
    const output = result.actions[0].actionProperties.outputs![0] as codepipeline.Artifact;
    declareFiles(output, `'${context.actionName}' (stage '${context.stageName}', Build.containerImage)`, files,
      "Build.containerImage writes 'imagedefinitions.json' (imageDefinitions, the default) and 'imageDetail.json' (imageDetail: true): turn on the one this deploy reads, or point the deploy's image file at it");

    const project = result.project;
    const role = project.role!;
    project.addToRolePolicy(new iam.PolicyStatement({ actions: PUSH_ACTIONS, resources: [repository.repositoryArn] }));
    // ecr:GetAuthorizationToken has no resource-level permissions (the token is for the whole registry).
    project.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    const cached = o.pullThroughCachePrefix
      ? stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${o.pullThroughCachePrefix}/*` })
      : undefined;
    if (cached) {
      // The cache creates a repository under the prefix on the first pull of an image and imports it.
      project.addToRolePolicy(new iam.PolicyStatement({
        actions: [...PULL_ACTIONS, 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        resources: [cached],
      }));
    }

    DocumentedCalls.add(role,
      { action: 'ecr:GetAuthorizationToken', resource: '*', documentation: LOGIN_DOC },
      ...PUSH_ACTIONS.map(action => ({ action, resource: repository.repositoryArn, documentation: PUSH_DOC })),
      ...(cached ? [...PULL_ACTIONS, 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'].map(action => ({
        action, resource: stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${o.pullThroughCachePrefix}/library/node` }), documentation: PULL_THROUGH_DOC,
      })) : []),
      ...[...Object.values(secrets), ...(credential ? [credential] : [])].map(secret => ({
        action: 'secretsmanager:GetSecretValue', resource: secret.secretArn, documentation: 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager',
      })),
    );
    DocumentedCalls.addDenied(role,
      { action: 'ecr:PutImage', resource: stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'another-repository' }), reason: 'pushing to another repository' },
      { action: 'ecr:DeleteRepository', resource: repository.repositoryArn, reason: 'the build pushes images, it never deletes the repository' },
      { action: 'ecr:BatchDeleteImage', resource: repository.repositoryArn, reason: 'the build never deletes images (a release can be rolled back to them)' },
    );
    return { actions: result.actions };
  }
}

/** Single-quotes a value for bash (tokens are left as they are: they resolve to CloudFormation values). */
function shellQuote(value: string): string {
  if (Token.isUnresolved(value) || /^[A-Za-z0-9_./:=@-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, "'\\''")}'`;
}

