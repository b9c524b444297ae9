import * as fs from 'fs';
import * as path from 'path';
import { Aws, CfnCapabilities, Stack, Stage, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { actionName } from '../core/private/names';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { applyIam, ArtifactAccess, ProviderIam } from '../providers/permissions';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';
import { checkDeclaredRead } from '../providers/private/declared-files';
import { StackAccount, StepBinder } from '../providers/provider-action';

/** Options for `Deploy.cdkStage`. */
export interface CdkStageDeployOptions extends StepOptions {
  /**
   * The artifact holding the synthesized cloud assembly (`cdk synth`'s output directory).
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;

  /**
   * The cloud assembly's folder in the input: the `output` of the app's `cdk.json`.
   *
   * @default 'cdk.out'
   */
  readonly cloudAssemblyDirectory?: string;

  /**
   * The version of the `cdk-assets` package the publishing build installs.
   *
   * @default '^3'
   */
  readonly cdkAssetsVersion?: string;

  /**
   * Capabilities the stacks' change sets are created with.
   *
   * @default [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND]
   */
  readonly capabilities?: CfnCapabilities[];
}

/** What the asset-publishing project's IAM reads: the stage's bootstrap roles. */
interface CdkStageAssetsTargets {
  /** The publishing roles the assets name (each environment's file and image publishing roles). */
  readonly publishingRoleArns: string[];
  /** The stacks' deploy roles (the CloudFormation actions run as them). */
  readonly deployRoleArns: string[];
  /** The stacks' CloudFormation execution roles. */
  readonly executionRoleArns: string[];
}

/**
 * The asset-publishing project's own IAM, beyond what every CodeBuild step's project gets: it may
 * assume exactly the stage's publishing roles (the CDK bootstrap roles, `cdk bootstrap --trust <pipeline account>`).
 */
export const CDK_STAGE_ASSETS_IAM: ProviderIam<CdkStageAssetsTargets> = {
  documentation: 'https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html',
  // The project reads the cloud assembly through bindCodeBuildStep's grants.
  artifacts: ArtifactAccess.NONE,
  statements: [
    { actions: ['sts:AssumeRole'], resources: t => t.publishingRoleArns },
  ],
  // Publishing never deploys: the deploy and cfn-exec roles are for the CloudFormation actions only.
  denied: t => [
    ...t.deployRoleArns.map(resource => ({
      action: 'sts:AssumeRole', resource, reason: 'publishing assets never deploys stacks (the deploy role runs the CloudFormation actions)',
    })),
    ...t.executionRoleArns.slice(0, 1).map(resource => ({
      action: 'sts:AssumeRole', resource, reason: 'the CloudFormation execution role is passed to CloudFormation only',
    })),
  ],
};

/** One stack of the stage, as the deploy needs it. */
interface StackPlan {
  readonly artifact: cxapi.CloudFormationStackArtifact;
  readonly templatePath: string;
  readonly deployRoleArn: string;
  readonly executionRoleArn: string;
  /** Waves: 0 for stacks without dependencies in the stage, else one more than the latest dependency. */
  readonly wave: number;
}

/** One asset to publish: `cdk-assets --path <manifest> publish <id>:<destination>`. */
interface AssetPlan {
  readonly manifest: string;
  readonly selector: string;
  readonly kind: 'file' | 'image';
  readonly roleArn?: string;
}

/**
 * Binds through a `bind` of its own rather than `ProviderAction`'s: the step is several actions and
 * creates no action role of its own: a CodeBuild action that publishes the assets (`bindCodeBuildStep`:
 * the stage's shared CodeBuild action role and a project role, which gets `CDK_STAGE_ASSETS_IAM`) and
 * CloudFormation actions that run as the stacks' bootstrap roles.
 */
export class CdkStageDeploy implements StepBinder {
  public readonly defaultActionName: string;

  public readonly selfTargeting = true;

  constructor(private readonly stage: Stage, public readonly options: CdkStageDeployOptions) {
    this.defaultActionName = actionName(stage.stageName);
  }

  public targetAccounts(): StackAccount[] {
    return this.stage.node.findAll().filter(Stack.isStack).filter(s => !s.nested).map(s => ({ scope: s, account: s.account }));
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const stage = this.stage;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkStacks(stage);
    const assembly = stage.synth();
    const root = stage.node.root as Stage;
    const assemblyDir = path.posix.join(o.cloudAssemblyDirectory ?? 'cdk.out',
      path.relative(root.outdir, assembly.directory).split(path.sep).join('/'));
    checkDeclaredRead(scope, input, `${assemblyDir}/manifest.json`, "the cloud assembly of stage '" + stage.stageName + "'", 'CloudAssemblyNotDeclared');
    // The templates, asset manifests and asset sources are all under the cloud assembly directory.
    checkDeclaredRead(scope, input, `${o.cloudAssemblyDirectory ?? 'cdk.out'}/**/*`, 'the cloud assembly', 'CloudAssemblyNotDeclared');

    const stacks = planStacks(stage, assembly, assemblyDir);
    const assets = planAssets(assembly, stacks);
    const actionsOut: codepipeline.IAction[] = [];
    let runOrder = context.runOrder;
    // Named like CDK Pipelines' actions (`<stack>.Prepare`, `<stack>.Deploy`), prefixed with the step's
    // own action name when it was given one (two stages' steps in one pipeline stage).
    const prefix = o.actionName ? `${o.actionName}.` : '';
    if (assets.length > 0) {
      actionsOut.push(this.publishAssets(scope, context, input, assemblyDir, assets, stacks, runOrder, `${prefix}Assets`));
      runOrder++;
    }
    const capabilities = o.capabilities ?? [CfnCapabilities.NAMED_IAM, CfnCapabilities.AUTO_EXPAND];
    const pipelineRegion = Stack.of(scope).region;
    for (const plan of stacks) {
      const a = plan.artifact;
      const name = (suffix: string) => actionName(`${prefix}${stackId(a)}.${suffix}`);
      // The bootstrap roles, by ARN: CodePipeline assumes the deploy role, which passes the cfn-exec role.
      // Grants of the actions (artifact reads) go to the bucket and key policies, never to these roles.
      const deployRole = bootstrapRole(scope, plan.deployRoleArn);
      const executionRole = bootstrapRole(scope, plan.executionRoleArn);
      const region = a.environment.region !== pipelineRegion ? a.environment.region : undefined;
      const changeSetName = 'PipelineChange';
      actionsOut.push(new actions.CloudFormationCreateReplaceChangeSetAction({
        actionName: name('Prepare'),
        runOrder: runOrder + 2 * plan.wave,
        stackName: a.stackName,
        changeSetName,
        templatePath: input.atPath(plan.templatePath),
        adminPermissions: false,
        deploymentRole: executionRole,
        role: deployRole,
        cfnCapabilities: capabilities,
        region,
      }));
      actionsOut.push(new actions.CloudFormationExecuteChangeSetAction({
        actionName: name('Deploy'),
        runOrder: runOrder + 2 * plan.wave + 1,
        stackName: a.stackName,
        changeSetName,
        role: deployRole,
        region,
      }));
    }
    return { actions: actionsOut };
  }

  /**
   * One CodeBuild action publishes every asset of the stage to its environment, each asset in a
   * `cdk-assets` process of its own, in parallel; the project may assume exactly the stage's publishing roles.
   */
  private publishAssets(scope: Construct, context: IStepContext, _input: codepipeline.Artifact, assemblyDir: string,
    assets: AssetPlan[], stacks: StackPlan[], runOrder: number, name: string): codepipeline.IAction {
    const version = this.options.cdkAssetsVersion ?? '^3';
    const assetsScope = new Construct(scope, 'Assets');
    const assetsContext: IStepContext = Object.create(context, {
      actionName: { value: actionName(name) },
      runOrder: { value: runOrder },
    });
    const publish = assets.map(a => `cdk-assets --path ${quote(a.manifest)} --verbose publish ${quote(a.selector)} &`);
    const result = bindCodeBuildStep(assetsScope, assetsContext, {
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        env: { shell: 'bash' },
        phases: {
          install: { commands: [`npm install --global cdk-assets@${quote(version)}`] },
          build: {
            commands: [
              `cd ${quote(assemblyDir)}`,
              // Every asset at once; the build fails when any of them fails.
              ['pids=()', ...publish.map(p => `${p} pids+=($!)`), 'for pid in "${pids[@]}"; do wait "$pid" || exit 1; done'].join('\n'),
            ],
          },
        },
      }),
      input: this.options.input ?? PipelineArtifact.BUILD_OUTPUT,
      // Docker builds the image assets; only a stage with image assets gets a privileged project.
      privileged: assets.some(a => a.kind === 'image'),
      produceOutput: false,
      type: actions.CodeBuildActionType.BUILD,
    });
    applyIam(assetsScope, result.project.role!, CDK_STAGE_ASSETS_IAM, {
      publishingRoleArns: [...new Set(assets.map(a => a.roleArn).filter((arn): arn is string => arn !== undefined))],
      deployRoleArns: [...new Set(stacks.map(p => p.deployRoleArn))],
      executionRoleArns: [...new Set(stacks.map(p => p.executionRoleArn))],
    }, context.artifactBucket);
    return result.actions[0];
  }
}

/** The stack's construct id in its stage (`Shop` for the stack `Dev/Shop`), as action names use it. */
function stackId(artifact: cxapi.CloudFormationStackArtifact): string {
  // displayName is `Dev/Shop (Dev-Shop)` when the stack name differs from the path.
  return artifact.displayName.split(' (')[0].split('/').pop() || artifact.stackName;
}

const importedRoles = new WeakMap<Construct, Map<string, iam.IRole>>();

/** An imported bootstrap role whose grants go to resource policies (bucket, key), not to the role. */
function bootstrapRole(scope: Construct, arn: string): iam.IRole {
  let roles = importedRoles.get(scope);
  if (!roles) importedRoles.set(scope, roles = new Map());
  let role = roles.get(arn);
  if (!role) {
    role = iam.Role.fromRoleArn(scope, `BootstrapRole${roles.size + 1}`, arn, { mutable: false, addGrantsToResources: true });
    roles.set(arn, role);
  }
  return role;
}

/** Fails on stacks the pipeline cannot deploy: environment-agnostic ones. */
function checkStacks(stage: Stage): void {
  const stacks = stage.node.findAll().filter(Stack.isStack).filter(s => Stage.of(s) === stage && !s.nested);
  if (stacks.length === 0) {
    fail(stage, 'EmptyCdkStage', `stage '${stage.stageName}' has no stacks: add the stacks to deploy to the stage, e.g. new MyServiceStack(stage, 'Service')`);
  }
  for (const stack of stacks) {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      fail(stack, 'EnvironmentAgnosticStack',
        `the stack is environment-agnostic (account ${show(Token.isUnresolved(stack.account) ? 'unresolved' : stack.account)}, region ${show(Token.isUnresolved(stack.region) ? 'unresolved' : stack.region)}), ` +
        `so the pipeline cannot know which account's bootstrap roles deploy it: give the stage or the stack an env, e.g. new ${stage.constructor.name}(app, '${stage.node.id}', { env: { account: '111111111111', region: 'eu-west-1' } })`);
    }
  }
}

/** The stage's stacks in dependency order, with their template paths and bootstrap roles. */
function planStacks(stage: Stage, assembly: cxapi.CloudAssembly, assemblyDir: string): StackPlan[] {
  const artifacts = assembly.stacks;
  const waves = new Map<string, number>();
  const waveOf = (a: cxapi.CloudFormationStackArtifact): number => {
    const known = waves.get(a.id);
    if (known !== undefined) return known;
    const deps = a.dependencies
      .filter((d): d is cxapi.CloudFormationStackArtifact => d instanceof cxapi.CloudFormationStackArtifact && artifacts.includes(d));
    const wave = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(waveOf));
    waves.set(a.id, wave);
    return wave;
  };
  return artifacts.map(artifact => {
    const values = placeholderValues(artifact);
    if (!artifact.assumeRoleArn || !artifact.cloudFormationExecutionRoleArn) {
      fail(stage, 'NoBootstrapRoles',
        `stack '${artifact.stackName}' names no CDK bootstrap deploy and execution roles (its synthesizer is not DefaultStackSynthesizer): ` +
        "use the default synthesizer (or DefaultStackSynthesizer({ qualifier }) for a custom bootstrap qualifier) and bootstrap the account with 'cdk bootstrap --trust <pipeline account>'");
    }
    return {
      artifact,
      templatePath: `${assemblyDir}/${artifact.templateFile}`,
      deployRoleArn: cxapi.EnvironmentPlaceholders.replace(artifact.assumeRoleArn, values),
      executionRoleArn: cxapi.EnvironmentPlaceholders.replace(artifact.cloudFormationExecutionRoleArn, values),
      wave: waveOf(artifact),
    };
  }).sort((x, y) => x.wave - y.wave);
}

/** Every file and image asset of the stage's stacks, one entry per destination. */
function planAssets(assembly: cxapi.CloudAssembly, stacks: StackPlan[]): AssetPlan[] {
  const plans: AssetPlan[] = [];
  const seen = new Set<string>();
  for (const { artifact } of stacks) {
    const values = placeholderValues(artifact);
    for (const dependency of artifact.dependencies) {
      if (!(dependency instanceof cxapi.AssetManifestArtifact)) continue;
      const manifestFile = path.relative(assembly.directory, dependency.file).split(path.sep).join('/');
      const manifest = JSON.parse(fs.readFileSync(dependency.file, 'utf8'));
      for (const [kind, section] of [['file', manifest.files ?? {}], ['image', manifest.dockerImages ?? {}]] as const) {
        for (const [id, asset] of Object.entries<any>(section)) {
          for (const [destinationId, destination] of Object.entries<any>(asset.destinations ?? {})) {
            // The stack's own template is an asset too, but CodePipeline reads the template from the artifact.
            if (kind === 'file' && asset.source?.path === artifact.templateFile) continue;
            const selector = `${id}:${destinationId}`;
            if (seen.has(`${manifestFile} ${selector}`)) continue;
            seen.add(`${manifestFile} ${selector}`);
            plans.push({
              manifest: manifestFile,
              selector,
              kind,
              roleArn: destination.assumeRoleArn ? cxapi.EnvironmentPlaceholders.replace(destination.assumeRoleArn, values) : undefined,
            });
          }
        }
      }
    }
  }
  return plans;
}

/**
 * The values of the bootstrap role ARNs' placeholders: the stack's account and region, and the region's
 * partition written out (a literal ARN, as CloudFormation action configurations are best given).
 */
function placeholderValues(artifact: cxapi.CloudFormationStackArtifact): cxapi.EnvironmentPlaceholderValues {
  const { account, region } = artifact.environment;
  return { accountId: account, region, partition: RegionInfo.get(region).partition ?? Aws.PARTITION };
}

function quote(value: string): string {
  return /^[A-Za-z0-9_./:=@^~-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
