import { Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { StepImplementation } from '../private/step-implementation';

/** Options for `Deploy.serviceCatalog`. */
export interface ServiceCatalogDeployOptions extends StepOptions {
  /** The Service Catalog product to publish a new version of, e.g. `prod-abcdefgh12345`. */
  readonly productId: string;

  /** The CloudFormation template's path in the input artifact. */
  readonly templatePath: string;

  /** The new product version's name, e.g. `v#{codepipeline.PipelineExecutionId}`. */
  readonly productVersionName: string;

  /**
   * The new product version's description.
   *
   * @default - none
   */
  readonly productVersionDescription?: string;

  /**
   * The artifact holding the template.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

export class ServiceCatalogDeploy extends StepImplementation {
  public readonly defaultActionName = 'PublishProduct';

  constructor(public readonly options: ServiceCatalogDeployOptions) {
    super(options);
    if (!Token.isUnresolved(options.productId) && !/^prod-[a-z0-9]+$/.test(options.productId)) {
      fail(undefined, 'InvalidProductId', `Deploy.serviceCatalog: productId must look like 'prod-abcdefgh12345', got ${show(options.productId)}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'ServiceCatalog', { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 }, 1, 0);
    const stack = Stack.of(scope);
    const { role, forAction } = newActionRole(scope, context, [
      new iam.PolicyStatement({
        actions: PRODUCT_ACTIONS,
        resources: [stack.formatArn({ service: 'catalog', resource: 'product', resourceName: o.productId })],
      }),
      // ValidateTemplate supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['cloudformation:ValidateTemplate'], resources: ['*'] }),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    const product = (id: string) => `arn:${stack.partition}:catalog:${stack.region}:${stack.account}:product/${id}`;
    DocumentedCalls.add(role,
      ...PRODUCT_ACTIONS.map(action => ({ action, resource: product(o.productId), documentation: SERVICE_CATALOG_DOC })),
      { action: 'cloudformation:ValidateTemplate', resource: '*', documentation: SERVICE_CATALOG_DOC },
    );
    DocumentedCalls.addDenied(role,
      { action: 'servicecatalog:CreateProvisioningArtifact', resource: product('prod-intruder'), reason: 'another product' },
      { action: 'servicecatalog:DeleteProduct', resource: product(o.productId), reason: 'the pipeline publishes versions, never deletes the product' },
    );
    return {
      actions: [new actions.ServiceCatalogDeployActionBeta1({
        actionName: context.actionName,
        runOrder: context.runOrder,
        role: forAction,
        productId: o.productId,
        productVersionName: o.productVersionName,
        productVersionDescription: o.productVersionDescription,
        templatePath: new codepipeline.ArtifactPath(input, o.templatePath),
      })],
    };
  }
}

/** The Service Catalog action's reference page: its "Service role permissions" section lists these calls. */
const SERVICE_CATALOG_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ServiceCatalog.html#edit-role-servicecatalog';

/**
 * The product calls the page lists, except `DeleteProvisioningArtifact` (also listed): withheld so that
 * the role can never remove a version that provisioned products use; publishing a version creates one.
 */
const PRODUCT_ACTIONS = ['servicecatalog:CreateProvisioningArtifact', 'servicecatalog:DescribeProvisioningArtifact',
  'servicecatalog:ListProvisioningArtifacts', 'servicecatalog:UpdateProduct'];
