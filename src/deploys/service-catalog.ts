import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Construct } from 'constructs';
import { Deploy } from './deploy';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { GenericAction } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

/** The type of a Service Catalog product version (`ProductType`), as Service Catalog names it. */
export enum ServiceCatalogProductType {
  /** A CloudFormation template. */
  CLOUD_FORMATION_TEMPLATE = 'CLOUD_FORMATION_TEMPLATE',
  /** A Terraform open source configuration. */
  TERRAFORM_OPEN_SOURCE = 'TERRAFORM_OPEN_SOURCE',
  /** A Terraform Cloud configuration. */
  TERRAFORM_CLOUD = 'TERRAFORM_CLOUD',
  /** An external (e.g. Terraform Enterprise) configuration. */
  EXTERNAL = 'EXTERNAL',
  /** An AWS Marketplace AMI. */
  MARKETPLACE_AMI = 'MARKETPLACE_AMI',
  /** An AWS Marketplace Clusters and AWS Resources product. */
  MARKETPLACE_CAR = 'MARKETPLACE_CAR',
}

/** Options for `Deploy.serviceCatalog`. */
export interface ServiceCatalogDeployOptions extends StepOptions {
  /** The Service Catalog product to publish a new version of, e.g. `prod-abcdefgh12345`. */
  readonly productId: string;

  /**
   * The template's path in the input artifact (`TemplateFilePath`). Give it with `productVersionName`,
   * or give `configurationFile` instead.
   *
   * @default - none: `configurationFile` names the template
   */
  readonly templatePath?: string;

  /**
   * The new product version's name, e.g. `v#{codepipeline.PipelineExecutionId}` (`ProductVersionName`).
   *
   * @default - none: `configurationFile` names the version
   */
  readonly productVersionName?: string;

  /**
   * The new product version's description (`ProductVersionDescription`).
   *
   * @default - none
   */
  readonly productVersionDescription?: string;

  /**
   * The product version's type (`ProductType`).
   *
   * @default ServiceCatalogProductType.CLOUD_FORMATION_TEMPLATE with `templatePath`; none with `configurationFile`
   */
  readonly productType?: ServiceCatalogProductType;

  /**
   * A configuration file in the input artifact (`ConfigurationFilePath`), a JSON document that names the
   * version's name, description, type and template (`SchemaVersion`, `ProductVersionName`,
   * `ProductVersionDescription`, `ProductType`, `Properties.TemplateFilePath`), instead of `templatePath`
   * and `productVersionName`.
   *
   * @default - none: `templatePath` and `productVersionName` describe the version
   */
  readonly configurationFile?: string;

  /**
   * The artifact holding the template.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

/** The Service Catalog action's reference page: its "Service role permissions" section lists these calls. */
const SERVICE_CATALOG_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ServiceCatalog.html#edit-role-servicecatalog';

/**
 * The product calls the page lists, except `DeleteProvisioningArtifact` (also listed): withheld so that
 * the role can never remove a version that provisioned products use; publishing a version creates one.
 */
const PRODUCT_ACTIONS = ['servicecatalog:CreateProvisioningArtifact', 'servicecatalog:DescribeProvisioningArtifact',
  'servicecatalog:ListProvisioningArtifacts', 'servicecatalog:UpdateProduct'];

/** What the Service Catalog deploy's IAM and action read, resolved from its options. */
interface ServiceCatalogDeployTargets {
  readonly input: codepipeline.Artifact;
  /** The product's ARN. */
  readonly productArn: string;
  /** Another product's ARN, for the denied calls. */
  readonly otherProductArn: string;
}

/** The Service Catalog deploy's IAM (the page's "Service role permissions"), with the calls it makes. */
export const SERVICE_CATALOG_IAM: ProviderIam<ServiceCatalogDeployTargets> = {
  documentation: SERVICE_CATALOG_DOC,
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: PRODUCT_ACTIONS,
      resources: t => [t.productArn],
    },
    {
      actions: ['cloudformation:ValidateTemplate'],
      resources: () => ['*'],
      unscoped: 'ValidateTemplate supports no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
  ],
  denied: t => [
    { action: 'servicecatalog:CreateProvisioningArtifact', resource: t.otherProductArn, reason: 'another product' },
    { action: 'servicecatalog:DeleteProduct', resource: t.productArn, reason: 'the pipeline publishes versions, never deletes the product' },
  ],
};

export class ServiceCatalogDeploy extends ProviderAction<ServiceCatalogDeployOptions, ServiceCatalogDeployTargets> {
  public readonly defaultActionName = 'PublishProduct';
  protected readonly permissions = SERVICE_CATALOG_IAM;

  constructor(options: ServiceCatalogDeployOptions) {
    super(options);
    if (!Token.isUnresolved(options.productId) && !/^prod-[a-z0-9]+$/.test(options.productId)) {
      fail(undefined, 'InvalidProductId', `Deploy.serviceCatalog: productId must look like 'prod-abcdefgh12345', got ${show(options.productId)}`);
    }
    if (options.configurationFile === undefined && (options.templatePath === undefined || options.productVersionName === undefined)) {
      fail(undefined, 'ServiceCatalogVersionUnnamed',
        "Deploy.serviceCatalog: give 'templatePath' and 'productVersionName' (e.g. 'product.template.json' and 'v2'), or 'configurationFile' (a JSON file naming both)");
    }
  }

  protected targets(scope: Construct, context: IStepContext): ServiceCatalogDeployTargets {
    const input = context.artifact(this.options.input ?? PipelineArtifact.BUILD_OUTPUT);
    const stack = Stack.of(scope);
    const product = (id: string) => `arn:${stack.partition}:catalog:${stack.region}:${stack.account}:product/${id}`;
    return { input, productArn: product(this.options.productId), otherProductArn: product('prod-intruder') };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: ServiceCatalogDeployTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.DEPLOY,
      owner: 'AWS',
      provider: 'ServiceCatalog',
      version: '1',
      artifactBounds: SERVICE_CATALOG_PROVIDER.bounds,
      inputs: [t.input],
      configuration: {
        ProductId: o.productId,
        TemplateFilePath: o.templatePath,
        ProductVersionName: o.productVersionName,
        ProductVersionDescription: o.productVersionDescription,
        ProductType: o.productType ?? (o.templatePath !== undefined ? ServiceCatalogProductType.CLOUD_FORMATION_TEMPLATE : undefined),
        ConfigurationFilePath: o.configurationFile,
      },
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const productId = a.config.ProductId;
  const configurationFile = a.config.ConfigurationFilePath;
  if (configurationFile === undefined) {
    // Without a configuration file, the action's configuration names the version.
    if (a.config.TemplateFilePath === undefined) a.required('TemplateFilePath', "'product.template.json' (no ConfigurationFilePath)");
    if (a.config.ProductVersionName === undefined) a.required('ProductVersionName', "'v#{codepipeline.PipelineExecutionId}' (no ConfigurationFilePath)");
    if (a.config.TemplateFilePath === undefined || a.config.ProductVersionName === undefined) return undefined;
  }
  const input = a.inputs[0];
  if (productId === undefined) return undefined;
  // Deploy.serviceCatalog at call time (deploy.ts imports this module).
  return () => Deploy.serviceCatalog({
    actionName: a.name,
    runOrder: a.data.runOrder,
    productId,
    templatePath: a.config.TemplateFilePath,
    productVersionName: a.config.ProductVersionName,
    productVersionDescription: a.config.ProductVersionDescription,
    productType: a.config.ProductType as ServiceCatalogProductType | undefined,
    configurationFile,
    input: input !== undefined ? a.inputRef(input) : undefined,
  });
}

/** The AWS Service Catalog deploy provider (action reference: ServiceCatalog). */
export const SERVICE_CATALOG_PROVIDER: ProviderDefinition = {
  title: 'AWS Service Catalog deploy',
  category: 'Deploy',
  owner: 'AWS',
  provider: 'ServiceCatalog',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ServiceCatalog.html',
  factory: 'Deploy.serviceCatalog',
  iam: [SERVICE_CATALOG_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'ProductId', required: true, kind: KeyKind.STRING, option: 'productId', description: 'The Service Catalog product to publish a new version of.', example: 'prod-abcdefgh12345' },
    { name: 'TemplateFilePath', kind: KeyKind.STRING, option: 'templatePath', description: 'The template in the input artifact (required without ConfigurationFilePath).', example: 'product.template.json' },
    { name: 'ProductVersionName', kind: KeyKind.STRING, option: 'productVersionName', description: "The new version's name (required without ConfigurationFilePath).", example: 'v#{codepipeline.PipelineExecutionId}' },
    { name: 'ProductType', kind: KeyKind.ENUM, values: Object.values(ServiceCatalogProductType), option: 'productType', description: "The version's type. CodePipeline requires it without ConfigurationFilePath; the library writes CLOUD_FORMATION_TEMPLATE then when it is left out.", example: 'CLOUD_FORMATION_TEMPLATE' },
    { name: 'ProductVersionDescription', kind: KeyKind.STRING, option: 'productVersionDescription', description: "The new version's description.", example: 'Released by the pipeline' },
    { name: 'ConfigurationFilePath', kind: KeyKind.STRING, option: 'configurationFile', description: "A JSON file in the input artifact naming the version's name, description, type and template, instead of those keys.", example: 'sample_config.json' },
  ],
  samples: [{ keys: ['TemplateFilePath', 'ProductVersionName'] }, { keys: ['ConfigurationFilePath'] }],
  fromFile,
};
