import { providerConfigurationSchemas, providerFieldDescription } from '../providers/schema';
import { CATEGORIES } from '../validation/limits';

/**
 * The JSON Schema of a pipeline spec (draft-07). Editors validate and complete spec files with it
 * (`# yaml-language-server: $schema=...` or `"$schema"` in JSON); the loader validates every spec with it
 * before it reads anything, so the two always agree.
 *
 * `cdk-delivery-pipeline schema` prints it; `src/pipeline-file/delivery-pipeline.schema.json` is a copy kept equal by a test.
 */
export const PIPELINE_FILE_SCHEMA_ID = 'https://cdk-delivery-pipeline.dev/schema/delivery-pipeline.schema.json';

const name = (what: string) => ({
  type: 'string',
  pattern: '^[A-Za-z0-9.@_-]{1,100}$',
  description: `The ${what} name: 1 to 100 letters, digits and . @ _ -`,
});

/** A list of artifacts `{ name, ...extra }`. */
const artifacts = (extra: Record<string, unknown> = {}) => ({
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'The artifact name: 1 to 100 letters, digits and _ -' },
      ...extra,
    },
  },
});

const artifactList = artifacts();

/** Output artifacts: a Commands action also lists the files it exports. */
const outputArtifactList = artifacts({
  files: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10, description: 'Commands actions only: the files (paths or globs) the output artifact holds.' },
});

const scalar = { type: ['string', 'number', 'boolean'] };

const stringList = { type: 'array', items: { type: 'string' } };

const includesExcludes = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includes: { ...stringList, description: 'Glob patterns to include (at most 8).' },
    excludes: { ...stringList, description: 'Glob patterns to exclude (at most 8).' },
  },
};

const condition = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    result: { type: 'string', enum: ['FAIL', 'SKIP', 'ROLLBACK', 'RETRY'], description: 'What happens when the rules are not met.' },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'provider'],
        properties: {
          name: name('rule'),
          provider: {
            type: 'string',
            enum: ['DeploymentWindow', 'VariableCheck', 'CloudWatchAlarm', 'LambdaInvoke', 'Commands'],
            description: 'The rule type (category Rule, owner AWS, version 1).',
          },
          commands: { ...stringList, minItems: 1, description: 'Commands rules: the shell commands (they run in the source artifact).' },
          configuration: { type: 'object', additionalProperties: scalar, description: "The rule's configuration, e.g. Cron and TimeZone for DeploymentWindow." },
        },
      },
    },
  },
};

const conditions = {
  type: 'object',
  additionalProperties: false,
  required: ['conditions'],
  properties: { conditions: { type: 'array', minItems: 1, maxItems: 1, items: condition, description: 'One condition (CodePipeline takes one per stage hook).' } },
};

const action = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'actionType', 'provider'],
  properties: {
    name: name('action'),
    actionType: {
      type: 'string',
      enum: CATEGORIES,
      description: "The action category (CloudFormation's ActionTypeId.Category); Compute is the Commands action's own category (Build is accepted too).",
    },
    provider: {
      type: 'string',
      description: providerFieldDescription(),
    },
    owner: { type: 'string', enum: ['AWS', 'Custom', 'ThirdParty'], description: 'The action owner (default AWS); Custom and ThirdParty build, test and deploy actions (e.g. Jenkins) are built with Build.custom, Test.custom, Deploy.custom.' },
    version: { type: ['string', 'number'], description: 'The action type version: 1 for AWS actions; a custom or third-party type\'s own version.' },
    runOrder: { type: 'integer', minimum: 1, maximum: 999, description: 'Actions with the same runOrder run in parallel, lower first.' },
    region: { type: 'string', description: "The action's region (a cross-region action): give a replication bucket for it in artifacts.replicationBuckets." },
    namespace: { type: 'string', pattern: '^[A-Za-z0-9@_-]{1,100}$', description: 'The namespace of the output variables, referenced as #{namespace.NAME}.' },
    roleArn: { type: 'string', description: 'An existing role the action runs as, used as given (a role of another account places the action there); by default the library creates a least-privilege role.' },
    environmentVariables: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'value'],
        properties: {
          name: { type: 'string' },
          value: { type: 'string' },
          type: { type: 'string', enum: ['PLAINTEXT', 'SECRETS_MANAGER'], description: 'PLAINTEXT (default) or SECRETS_MANAGER (value: the secret name or ARN).' },
        },
      },
      description: "Commands and EKS actions: CodePipeline's action environment variables (EKS: plaintext, replacing variables such as $IMAGE_TAG in the manifests).",
    },
    inputArtifacts: artifactList,
    outputArtifacts: outputArtifactList,
    configuration: {
      type: 'object',
      additionalProperties: scalar,
      description: "CodePipeline's configuration keys for the provider (e.g. ProjectName, ConnectionArn, FullRepositoryId, BranchName, ClusterName, ServiceName, FunctionName).",
    },
    commands: { ...stringList, minItems: 1, description: 'Build or test commands: creates a CodeBuild project with the library defaults; or the commands of a Commands action.' },
    outputVariables: { ...stringList, minItems: 1, maxItems: 15, description: 'Commands actions only: environment variables later actions read as #{namespace.NAME}.' },
    installCommands: { ...stringList, description: 'Commands run in the install phase, before `commands`.' },
    buildspec: { type: 'string', description: 'A buildspec file in the source, instead of `commands` (default buildspec.yml).' },
    variables: { type: 'object', additionalProperties: scalar, description: 'Plaintext environment variables of the CodeBuild project or Commands action (never secrets).' },
    secrets: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Environment variables read from AWS Secrets Manager: variable name to secret name or full secret ARN.',
    },
    notSecrets: {
      ...stringList,
      description: 'Names of `variables` that are not secrets although their name sounds like one (e.g. SECRET_ID holding a secret\'s name): the plaintext-secret check skips their names.',
    },
    computeType: { type: 'string', enum: ['SMALL', 'MEDIUM', 'LARGE', 'X2_LARGE'], description: 'The CodeBuild compute size.' },
    privileged: { type: 'boolean', description: 'Run the CodeBuild container privileged (Docker builds).' },
    timeoutInMinutes: { type: 'integer', description: 'Manual approvals only: how long the approval waits (5 to 86400).' },
    notify: { ...stringList, description: 'Manual approvals only: email addresses to notify.' },
  },
  allOf: providerConfigurationSchemas(),
};

const stage = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'actions'],
  properties: {
    name: name('stage'),
    actions: { type: 'array', items: action },
    beforeEntry: conditions,
    onSuccess: conditions,
    onFailure: {
      type: 'object',
      additionalProperties: false,
      properties: {
        result: { type: 'string', enum: ['ROLLBACK', 'RETRY', 'FAIL'], description: 'ROLLBACK to the last successful execution, or RETRY the stage.' },
        retryMode: { type: 'string', enum: ['ALL_ACTIONS', 'FAILED_ACTIONS'], description: 'With result RETRY: which actions are retried.' },
        conditions: { type: 'array', minItems: 1, maxItems: 1, items: condition, description: 'With result ROLLBACK: one condition whose rules must pass for the rollback.' },
      },
    },
  },
};

const SEED_EXAMPLE = {
  pipeline: {
    name: 'MyAppPipeline',
    stages: [
      { name: 'Source', actions: [{ name: 'SourceAction', actionType: 'Source', provider: 'GitHub', outputArtifacts: [{ name: 'SourceOutput' }] }] },
      {
        name: 'Build',
        actions: [{
          name: 'BuildAction',
          actionType: 'Build',
          provider: 'CodeBuild',
          inputArtifacts: [{ name: 'SourceOutput' }],
          outputArtifacts: [{ name: 'BuildOutput' }],
        }],
      },
      { name: 'Deploy', actions: [{ name: 'DeployAction', actionType: 'Deploy', provider: 'ECS', inputArtifacts: [{ name: 'BuildOutput' }] }] },
    ],
  },
};

const FULL_EXAMPLE = {
  pipeline: {
    name: 'shop',
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    variables: [{ name: 'Environment', defaultValue: 'prod', description: 'Where the release goes' }],
    triggers: [{ sourceAction: 'Checkout', push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }] }],
    notifications: { emails: ['ops@example.com'], notifyOnSuccess: false },
    alarms: { enabled: true, periodMinutes: 5 },
    artifacts: { expireAfterDays: 90, previousVersionsExpireAfterDays: 30 },
    codeBuild: { computeType: 'SMALL', timeoutMinutes: 30 },
    stages: [
      {
        name: 'Source',
        actions: [{
          name: 'Checkout',
          actionType: 'Source',
          provider: 'CodeStarSourceConnection',
          outputArtifacts: [{ name: 'Src' }],
          configuration: {
            ConnectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
            FullRepositoryId: 'acme/shop',
            BranchName: 'main',
            DetectChanges: false,
          },
        }],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Compile',
            actionType: 'Build',
            provider: 'CodeBuild',
            commands: ['npm ci', 'npm run build'],
            secrets: { NPM_TOKEN: 'shop/npm-token' },
            inputArtifacts: [{ name: 'Src' }],
            outputArtifacts: [{ name: 'App' }],
          },
          { name: 'Unit', actionType: 'Test', provider: 'CodeBuild', commands: ['npm test'], inputArtifacts: [{ name: 'Src' }] },
        ],
      },
      {
        name: 'Approve',
        actions: [{ name: 'Review', actionType: 'Approval', provider: 'Manual', timeoutInMinutes: 480, configuration: { CustomData: 'Check staging first' } }],
      },
      {
        name: 'Release',
        beforeEntry: { conditions: [{ result: 'FAIL', rules: [{ name: 'BusinessHours', provider: 'DeploymentWindow', configuration: { Cron: '* * 9-17 ? * MON-FRI *', TimeZone: 'Europe/Berlin' } }] }] },
        onFailure: { result: 'ROLLBACK' },
        actions: [{
          name: 'Site',
          actionType: 'Deploy',
          provider: 'S3',
          inputArtifacts: [{ name: 'App' }],
          configuration: { BucketName: 'shop-site', Extract: true },
        }],
      },
    ],
  },
};

/** More providers: Commands, Inspector, Lambda and CodeDeploy deploys, a pipeline invoke and a Jenkins job. */
const PROVIDERS_EXAMPLE = {
  pipeline: {
    name: 'shop-services',
    stages: [
      {
        name: 'Source',
        actions: [{
          name: 'Checkout',
          actionType: 'Source',
          provider: 'GitHub',
          outputArtifacts: [{ name: 'Src' }],
          configuration: { FullRepositoryId: 'acme/shop-services', BranchName: 'main' },
        }],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Package',
            actionType: 'Compute',
            provider: 'Commands',
            commands: ['npm ci', 'npm run package'],
            outputVariables: ['VERSION'],
            namespace: 'Package',
            configuration: { ComputeType: 'BUILD_GENERAL1_MEDIUM' },
            inputArtifacts: [{ name: 'Src' }],
            outputArtifacts: [{ name: 'Bundle', files: ['dist/**/*'] }],
          },
          {
            name: 'Scan',
            actionType: 'Invoke',
            provider: 'InspectorScan',
            configuration: { InspectorRunMode: 'SourceCodeScan', CriticalThreshold: 0, HighThreshold: 0 },
            inputArtifacts: [{ name: 'Src' }],
            outputArtifacts: [{ name: 'Sbom' }],
          },
          {
            name: 'Legacy',
            actionType: 'Test',
            owner: 'Custom',
            provider: 'Jenkins',
            configuration: { ProjectName: 'shop-e2e' },
            inputArtifacts: [{ name: 'Src' }],
          },
        ],
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Api',
            actionType: 'Deploy',
            provider: 'Lambda',
            configuration: { FunctionName: 'shop-api', FunctionAlias: 'live', DeployStrategy: 'Canary10Percent5Minutes' },
            inputArtifacts: [{ name: 'Bundle' }],
          },
          {
            name: 'Workers',
            actionType: 'Deploy',
            provider: 'CodeDeploy',
            configuration: { ApplicationName: 'shop-workers', DeploymentGroupName: 'prod' },
            inputArtifacts: [{ name: 'Bundle' }],
          },
        ],
      },
      {
        name: 'Downstream',
        actions: [{
          name: 'Release',
          actionType: 'Invoke',
          provider: 'CodePipeline',
          configuration: { PipelineName: 'shop-release', Variables: '[{"name": "version", "value": "#{Package.VERSION}"}]' },
        }],
      },
    ],
  },
};

/** The spec's JSON Schema, as an object. */
export const PIPELINE_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: PIPELINE_FILE_SCHEMA_ID,
  title: 'cdk-delivery-pipeline spec',
  description: 'An AWS CodePipeline release process, built by cdk-delivery-pipeline (DeliveryPipeline.fromFile, `cdk-delivery-pipeline synth`).',
  type: 'object',
  additionalProperties: false,
  required: ['pipeline'],
  examples: [SEED_EXAMPLE, FULL_EXAMPLE, PROVIDERS_EXAMPLE],
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
    pipeline: {
      type: 'object',
      additionalProperties: false,
      required: ['stages'],
      properties: {
        name: name('pipeline'),
        pipelineType: { type: 'string', enum: ['V1', 'V2'], description: 'The pipeline type (default V2).' },
        executionMode: { type: 'string', enum: ['SUPERSEDED', 'QUEUED', 'PARALLEL'], description: 'How concurrent executions run (V2 for QUEUED and PARALLEL).' },
        restartExecutionOnUpdate: { type: 'boolean', description: 'Start the pipeline when a deployment changes it (default false).' },
        variables: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', description: 'The variable name: 1 to 128 letters, digits and @ _ -' },
              defaultValue: { type: 'string', description: 'The default value (1 to 1000 characters).' },
              description: { type: 'string', maxLength: 200, description: 'What the variable means (at most 200 characters).' },
            },
          },
        },
        triggers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['sourceAction'],
            properties: {
              sourceAction: { type: 'string', description: 'The connection source action the trigger starts.' },
              push: {
                type: 'array',
                maxItems: 3,
                items: { type: 'object', additionalProperties: false, properties: { branches: includesExcludes, tags: includesExcludes, filePaths: includesExcludes } },
              },
              pullRequest: {
                type: 'array',
                maxItems: 3,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['branches'],
                  properties: {
                    events: { type: 'array', items: { type: 'string', enum: ['OPEN', 'UPDATED', 'CLOSED'] } },
                    branches: includesExcludes,
                    filePaths: includesExcludes,
                  },
                },
              },
            },
          },
        },
        notifications: {
          type: 'object',
          additionalProperties: false,
          properties: {
            emails: { ...stringList, description: 'Addresses subscribed to the notification topic.' },
            notifyOnSuccess: { type: 'boolean', description: 'Also notify on success (default false).' },
          },
        },
        alarms: {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean', description: 'Create alarms on failed executions and builds (default true).' },
            periodMinutes: { type: 'integer', minimum: 1, description: 'The alarm period (default 5).' },
          },
        },
        artifacts: {
          type: 'object',
          additionalProperties: false,
          properties: {
            expireAfterDays: { type: 'integer', minimum: 1, description: 'Artifacts expire after this many days (default 90).' },
            previousVersionsExpireAfterDays: { type: 'integer', minimum: 1, description: 'Previous versions are deleted after this many days (default 30).' },
            abortIncompleteUploadsAfterDays: { type: 'integer', minimum: 1, description: 'Incomplete uploads are aborted after this many days (default 7).' },
            serverAccessLogs: { type: 'boolean', description: 'Write S3 access logs to a separate bucket (default true).' },
            accessLogsExpireAfterDays: { type: 'integer', minimum: 1, description: 'Access logs expire after this many days (default 365).' },
            removalPolicy: { type: 'string', enum: ['RETAIN', 'DESTROY'], description: 'What happens to the buckets when the stack is deleted (default RETAIN).' },
            replicationBuckets: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                additionalProperties: false,
                required: ['bucketName'],
                properties: {
                  bucketName: { type: 'string', description: 'A versioned bucket in that region.' },
                  kmsKeyArn: { type: 'string', description: "The bucket's KMS key (required when an action of that region is also in another account)." },
                },
              },
              description: 'By region: the bucket CodePipeline copies artifacts to for the actions of that region (cross-region actions).',
            },
          },
        },
        codeBuild: {
          type: 'object',
          additionalProperties: false,
          properties: {
            computeType: { type: 'string', enum: ['SMALL', 'MEDIUM', 'LARGE', 'X2_LARGE'], description: 'The default compute size (default SMALL).' },
            timeoutMinutes: { type: 'integer', minimum: 5, maximum: 2160, description: 'The default build timeout (default 60).' },
          },
        },
        stages: { type: 'array', items: stage, description: 'The stages, in order; the first holds the sources.' },
      },
    },
  },
};
