import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Test } from './test';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { checkArtifactBounds, deniedPipelineLogCalls, pipelineLogCalls, pipelineLogStatements } from '../providers/private/action-checks';
import { newActionRole } from '../providers/private/action-role';
import { StepImplementation } from '../providers/private/step-implementation';

/** Severity thresholds of an Amazon Inspector scan: the action fails when more findings than allowed are found. */
export interface InspectorScanOptions extends StepOptions {
  /**
   * How many critical findings are allowed.
   *
   * @default 0
   */
  readonly criticalThreshold?: number;

  /**
   * How many high findings are allowed.
   *
   * @default 0
   */
  readonly highThreshold?: number;

  /**
   * How many medium findings are allowed.
   *
   * @default - any number
   */
  readonly mediumThreshold?: number;

  /**
   * How many low findings are allowed.
   *
   * @default - any number
   */
  readonly lowThreshold?: number;
}

/** Options for `Test.inspectorSourceScan`. */
export interface InspectorSourceScanOptions extends InspectorScanOptions {
  /**
   * The source code to scan.
   *
   * @default PipelineArtifact.SOURCE_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** Options for `Test.inspectorImageScan`. */
export interface InspectorImageScanOptions extends InspectorScanOptions {
  /**
   * The image tag to scan.
   *
   * @default 'latest'
   */
  readonly imageTag?: string;
}

function checkThresholds(factory: string, o: InspectorScanOptions): void {
  for (const [name, value] of Object.entries({
    criticalThreshold: o.criticalThreshold, highThreshold: o.highThreshold, mediumThreshold: o.mediumThreshold, lowThreshold: o.lowThreshold,
  })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      fail(undefined, 'InvalidThreshold', `${factory}: ${name} must be a whole number of findings (0 or more), got ${show(value)}`);
    }
  }
}

/** The scan itself and its logs; ScanSbom supports no resource-level permissions. */
function scanStatements(scope: Construct, context: IStepContext): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['inspector-scan:ScanSbom'], resources: ['*'] }),
    ...pipelineLogStatements(scope, context),
  ];
}

/** The InspectorScan action's "Service role permissions" section. */
const INSPECTOR_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-InspectorScan.html#edit-role-InspectorScan';

/** Pulling an image from a private registry needs an authorization token (not listed on the action's page). */
const ECR_AUTH_DOC = 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html';

/** Records the scan's and its logs' calls, and log calls the role must not make. */
function recordScanCalls(scope: Construct, context: IStepContext, role: iam.IRole): void {
  DocumentedCalls.add(role,
    { action: 'inspector-scan:ScanSbom', resource: '*', documentation: INSPECTOR_DOC },
    ...pipelineLogCalls(scope, context, INSPECTOR_DOC),
  );
  DocumentedCalls.addDenied(role, ...deniedPipelineLogCalls(scope, context));
}

export class InspectorSourceScan extends StepImplementation {
  public readonly defaultActionName = 'InspectorSourceScan';

  constructor(public readonly options: InspectorSourceScanOptions) {
    super(options);
    checkThresholds('Test.inspectorSourceScan', options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.SOURCE_OUTPUT);
    checkArtifactBounds(scope, context, 'InspectorScan', INSPECTOR_SCAN_PROVIDER.bounds, 1, 1);
    const output = context.output();
    const { role, forAction } = newActionRole(scope, context, scanStatements(scope, context));
    context.artifactBucket.grantReadWrite(role);
    // Reads the source code from its input artifact, writes the scan report as its output artifact.
    recordArtifactCalls(role, context.artifactBucket, { read: true, write: true });
    recordScanCalls(scope, context, role);
    return {
      actions: [new actions.InspectorSourceCodeScanAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        input,
        output,
        criticalThreshold: o.criticalThreshold ?? 0,
        highThreshold: o.highThreshold ?? 0,
        mediumThreshold: o.mediumThreshold,
        lowThreshold: o.lowThreshold,
      })],
    };
  }
}

export class InspectorImageScan extends StepImplementation {
  public readonly defaultActionName = 'InspectorImageScan';

  constructor(private readonly repository: ecr.IRepository, public readonly options: InspectorImageScanOptions) {
    super(options);
    checkThresholds('Test.inspectorImageScan', options);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    checkArtifactBounds(scope, context, 'InspectorScan', INSPECTOR_SCAN_PROVIDER.bounds, 0, 1);
    const output = context.output();
    const { role, forAction } = newActionRole(scope, context, [
      ...scanStatements(scope, context),
      new iam.PolicyStatement({
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [this.repository.repositoryArn],
      }),
      // GetAuthorizationToken supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    ]);
    context.artifactBucket.grantWrite(role);
    // Scans an image (no input artifact), writes the scan report as its output artifact.
    recordArtifactCalls(role, context.artifactBucket, { write: true });
    recordScanCalls(scope, context, role);
    const repositoryArn = (name: string) => Stack.of(this.repository).formatArn({
      service: 'ecr', resource: 'repository', resourceName: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
    // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
    const repository = repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!);
    DocumentedCalls.add(role,
      ...['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'].map(action => ({ action, resource: repository, documentation: INSPECTOR_DOC })),
      { action: 'ecr:GetAuthorizationToken', resource: '*', documentation: ECR_AUTH_DOC },
    );
    DocumentedCalls.addDenied(role,
      { action: 'ecr:PutImage', resource: repository, reason: 'a scan reads the image, never pushes' },
      { action: 'ecr:BatchGetImage', resource: repositoryArn('intruder'), reason: 'another repository' },
      { action: 's3:GetObject', resource: context.artifactBucket.arnForObjects('pipeline/Artifact/revision.zip'), reason: 'an image scan has no input artifact' },
    );
    return {
      actions: [new actions.InspectorEcrImageScanAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        repository: this.repository,
        imageTag: o.imageTag ?? 'latest',
        output,
        criticalThreshold: o.criticalThreshold ?? 0,
        highThreshold: o.highThreshold ?? 0,
        mediumThreshold: o.mediumThreshold,
        lowThreshold: o.lowThreshold,
      })],
    };
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const int = (key: string) => (c[key] !== undefined ? Number(c[key]) : undefined);
  const common = {
    actionName: a.name,
    runOrder: a.data.runOrder,
    criticalThreshold: int('CriticalThreshold'),
    highThreshold: int('HighThreshold'),
    mediumThreshold: int('MediumThreshold'),
    lowThreshold: int('LowThreshold'),
  };
  if (c.InspectorRunMode === 'SourceCodeScan') {
    for (const key of ['ECRRepositoryName', 'ImageTag']) {
      if (c[key] !== undefined) a.configProblem('ConflictingKeys', `'${key}' applies to InspectorRunMode ECRImageScan only: remove it`, key);
    }
    if (a.inputs.length !== 1) a.problem('InputArtifactCount', 'a SourceCodeScan reads the source code from one input artifact: give exactly one in inputArtifacts', 'inputArtifacts');
    const input = a.inputs[0];
    // Test.inspectorSourceScan at call time (test.ts imports this module).
    return () => Test.inspectorSourceScan({ ...common, input: input !== undefined ? a.inputRef(input) : undefined });
  }
  if (c.InspectorRunMode === 'ECRImageScan') {
    const repositoryName = c.ECRRepositoryName;
    if (repositoryName === undefined) a.required('ECRRepositoryName', "'shop-web' (InspectorRunMode is ECRImageScan)");
    if (a.inputs.length > 0) a.problem('InputArtifactCount', 'an ECRImageScan scans an image in ECR and reads no artifact: remove inputArtifacts', 'inputArtifacts');
    if (repositoryName === undefined) return undefined;
    return scope => Test.inspectorImageScan(ecr.Repository.fromRepositoryName(scope, 'Repository', repositoryName), { ...common, imageTag: c.ImageTag });
  }
  return undefined;
}

const threshold = (name: string, option: string, severity: string) => ({
  name,
  kind: KeyKind.INTEGER,
  min: 0,
  option,
  description: `How many ${severity} findings are allowed before the action fails (the library writes 0 for critical and high when left out).`,
  example: '0',
});

/** The Amazon Inspector scan provider (action reference: InspectorScan). */
export const INSPECTOR_SCAN_PROVIDER: ProviderDefinition = {
  title: 'Amazon Inspector scan',
  category: 'Invoke',
  // A file may also place it with the tests (Test.inspectorSourceScan); the action's ActionTypeId is Invoke.
  owner: 'AWS',
  provider: 'InspectorScan',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-InspectorScan.html',
  factory: 'Test.inspectorSourceScan, Test.inspectorImageScan',
  bounds: { minInputs: 0, maxInputs: 1, minOutputs: 1, maxOutputs: 1 },
  keys: [
    { name: 'InspectorRunMode', required: true, kind: KeyKind.ENUM, values: ['SourceCodeScan', 'ECRImageScan'], option: 'Test.inspectorSourceScan / Test.inspectorImageScan', description: 'Scan source code (one input artifact) or an image in Amazon ECR.', example: 'SourceCodeScan' },
    { name: 'ECRRepositoryName', kind: KeyKind.STRING, option: 'repository', description: 'ECRImageScan: the repository the image was pushed to (required then).', example: 'shop-web' },
    { name: 'ImageTag', kind: KeyKind.STRING, option: 'imageTag', description: "ECRImageScan: the image's tag (the library writes latest when it is left out).", example: 'latest' },
    threshold('CriticalThreshold', 'criticalThreshold', 'critical'),
    threshold('HighThreshold', 'highThreshold', 'high'),
    threshold('MediumThreshold', 'mediumThreshold', 'medium'),
    threshold('LowThreshold', 'lowThreshold', 'low'),
  ],
  samples: [{ values: { InspectorRunMode: 'SourceCodeScan' }, inputs: 1, outputs: 1 }, { values: { InspectorRunMode: 'ECRImageScan' }, keys: ['ECRRepositoryName', 'ImageTag'], inputs: 0, outputs: 1 }],
  fromFile,
};
