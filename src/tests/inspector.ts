import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { Test } from './test';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { integer } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam, ProviderStatement } from '../providers/permissions';
import { deniedPipelineLogCalls, PipelineLogTargets, pipelineLogStatements, pipelineLogTargets } from '../providers/private/pipeline-logs';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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

/** What both scans' IAM and actions read. */
interface InspectorScanTargets {
  readonly output: codepipeline.Artifact;
  /** The pipeline's log group: CodePipeline-managed compute writes its logs there. */
  readonly logs: PipelineLogTargets;
}

/** What the source scan's IAM and action read, resolved from its options. */
interface InspectorSourceScanTargets extends InspectorScanTargets {
  readonly input: codepipeline.Artifact;
}

/** What the image scan's IAM and action read, resolved from its options. */
interface InspectorImageScanTargets extends InspectorScanTargets {
  /** The repository's ARN, as the repository gives it (the grant's form). */
  readonly repositoryArn: string;
  /** The repository's ARN built from its name, account and region (the calls' form). */
  readonly repositoryCallArn: string;
  /** Another repository's ARN, in the same form. */
  readonly otherRepositoryArn: string;
  /** An object of the artifact bucket, which an image scan never reads. */
  readonly artifactObject: string;
}

/** The InspectorScan action's "Service role permissions" section. */
const INSPECTOR_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-InspectorScan.html#edit-role-InspectorScan';

/** The scan itself and its logs (the pipeline's log group only; as `pipelineLogStatements`). */
const SCAN_STATEMENTS: ProviderStatement<InspectorScanTargets>[] = [
  {
    actions: ['inspector-scan:ScanSbom'],
    resources: () => ['*'],
    unscoped: 'ScanSbom supports no resource-level permissions.',
    calls: () => [{ resource: '*' }],
  },
  ...pipelineLogStatements<InspectorScanTargets>(),
];

/** The source scan's IAM: it reads the source code from its input artifact, writes the scan report as its output artifact. */
export const INSPECTOR_SOURCE_SCAN_IAM: ProviderIam<InspectorSourceScanTargets> = {
  documentation: INSPECTOR_DOC,
  artifacts: ArtifactAccess.READ_WRITE,
  statements: SCAN_STATEMENTS,
  denied: t => deniedPipelineLogCalls(t.logs),
};

/** The image scan's IAM: it scans an image (no input artifact), writes the scan report as its output artifact. */
export const INSPECTOR_IMAGE_SCAN_IAM: ProviderIam<InspectorImageScanTargets> = {
  documentation: INSPECTOR_DOC,
  artifacts: ArtifactAccess.WRITE,
  statements: [
    ...SCAN_STATEMENTS,
    {
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      resources: t => [t.repositoryArn],
      calls: t => [{ resource: t.repositoryCallArn }],
    },
    // Pulling from a private registry needs an authorization token: not listed on the action's page, so
    // the call cites ECR's. GetAuthorizationToken supports no resource-level permissions.
    {
      actions: ['ecr:GetAuthorizationToken'],
      resources: () => ['*'],
      unscoped: 'GetAuthorizationToken supports no resource-level permissions.',
      calls: () => [{ resource: '*', documentation: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html' }],
    },
  ],
  denied: t => [
    ...deniedPipelineLogCalls(t.logs),
    { action: 'ecr:PutImage', resource: t.repositoryCallArn, reason: 'a scan reads the image, never pushes' },
    { action: 'ecr:BatchGetImage', resource: t.otherRepositoryArn, reason: 'another repository' },
    { action: 's3:GetObject', resource: t.artifactObject, reason: 'an image scan has no input artifact' },
  ],
};

/** What both scans resolve the same way: the output artifact and the pipeline's logs. */
function scanTargets(scope: Construct, context: IStepContext): InspectorScanTargets {
  return {
    output: context.output(),
    logs: pipelineLogTargets(scope, context),
  };
}

export class InspectorSourceScan extends ProviderAction<InspectorSourceScanOptions, InspectorSourceScanTargets> {
  public readonly defaultActionName = 'InspectorSourceScan';
  protected readonly permissions = INSPECTOR_SOURCE_SCAN_IAM;

  constructor(options: InspectorSourceScanOptions) {
    super(options);
    checkThresholds('Test.inspectorSourceScan', options);
  }

  protected targets(scope: Construct, context: IStepContext): InspectorSourceScanTargets {
    const input = context.artifact(this.options.input ?? PipelineArtifact.SOURCE_OUTPUT);
    return { input, ...scanTargets(scope, context) };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: InspectorSourceScanTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.InspectorSourceCodeScanAction({
      ...base,
      input: t.input,
      output: t.output,
      criticalThreshold: o.criticalThreshold ?? 0,
      highThreshold: o.highThreshold ?? 0,
      mediumThreshold: o.mediumThreshold,
      lowThreshold: o.lowThreshold,
    })];
  }
}

export class InspectorImageScan extends ProviderAction<InspectorImageScanOptions, InspectorImageScanTargets> {
  public readonly defaultActionName = 'InspectorImageScan';
  protected readonly permissions = INSPECTOR_IMAGE_SCAN_IAM;

  constructor(private readonly repository: ecr.IRepository, options: InspectorImageScanOptions) {
    super(options);
    checkThresholds('Test.inspectorImageScan', options);
  }

  protected targets(scope: Construct, context: IStepContext): InspectorImageScanTargets {
    const repositoryArn = (name: string) => Stack.of(this.repository).formatArn({
      service: 'ecr', resource: 'repository', resourceName: name, account: this.repository.env.account, region: this.repository.env.region,
    });
    return {
      ...scanTargets(scope, context),
      repositoryArn: this.repository.repositoryArn,
      // Names from the resource's ARN, the reference its grant already puts in this stack's template (a name
      // attribute of a resource in another stack, e.g. the pipeline's when steps have nested stacks, is not).
      repositoryCallArn: repositoryArn(Arn.split(this.repository.repositoryArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!),
      otherRepositoryArn: repositoryArn('intruder'),
      artifactObject: context.artifactBucket.arnForObjects('pipeline/Artifact/revision.zip'),
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: InspectorImageScanTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new actions.InspectorEcrImageScanAction({
      ...base,
      repository: this.repository,
      imageTag: o.imageTag ?? 'latest',
      output: t.output,
      criticalThreshold: o.criticalThreshold ?? 0,
      highThreshold: o.highThreshold ?? 0,
      mediumThreshold: o.mediumThreshold,
      lowThreshold: o.lowThreshold,
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const common = {
    actionName: a.name,
    runOrder: a.data.runOrder,
    criticalThreshold: integer(a, 'CriticalThreshold'),
    highThreshold: integer(a, 'HighThreshold'),
    mediumThreshold: integer(a, 'MediumThreshold'),
    lowThreshold: integer(a, 'LowThreshold'),
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
  iam: [INSPECTOR_SOURCE_SCAN_IAM, INSPECTOR_IMAGE_SCAN_IAM],
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
