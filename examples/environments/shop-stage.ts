import * as path from 'path';
import { ArnFormat, Duration, Stack, Stage, StageProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The shop's application, one copy per environment: an API function deployed from a bundled file
 * asset, and a thumbnail worker deployed from a Docker image asset. The pipeline publishes both assets
 * to the environment's CDK bootstrap bucket and repository, then deploys the stack.
 */
export class ShopStage extends Stage {
  /** The stack of the shop's functions. */
  public readonly service: Stack;

  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const stack = new Stack(this, 'Shop', { description: `The shop's functions (${id})` });
    this.service = stack;
    const dir = path.join(__dirname, 'service');
    // Logs are encrypted with a rotating key of the stack, usable by CloudWatch Logs for this account's log groups only.
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true, description: `Encrypts the shop's function logs (${id})` });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: ['*'], // in a key policy, '*' is this key
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));
    const runAs = (name: string) => {
      const logGroup = new logs.LogGroup(stack, `${name}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, encryptionKey: key });
      // Its own role, writing exactly its own log group (instead of the AWS managed basic execution policy).
      const role = new iam.Role(stack, `${name}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addManagedPolicy(new iam.ManagedPolicy(stack, `${name}Policy`, {
        statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })],
      }));
      return { role, logGroup };
    };
    new lambda.Function(stack, 'Api', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(dir, 'handler')),
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: 10,
      ...runAs('Api'),
    });
    new lambda.DockerImageFunction(stack, 'Thumbnails', {
      code: lambda.DockerImageCode.fromImageAsset(path.join(dir, 'image')),
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: 2,
      ...runAs('Thumbnails'),
    });
    Validations.of(stack).acknowledge(...SHOP_STAGE_ACKNOWLEDGEMENTS);
  }
}

const NO_VPC = 'The functions call only public AWS endpoints and hold no private resources; a VPC would add NAT gateways and their cost for no isolation gained.';
const NO_DLQ = 'Both functions are invoked synchronously (API requests, and the worker by its caller), so an asynchronous-invocation dead-letter queue would never receive an event; failures reach the caller.';

/** The cdk-nag findings the shop's stage keeps on purpose, each with its reason. */
export const SHOP_STAGE_ACKNOWLEDGEMENTS: ReadonlyArray<{ readonly id: string; readonly reason: string }> = [
  { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: NO_VPC },
  { id: 'HIPAA.Security-LambdaInsideVPC', reason: NO_VPC },
  { id: 'PCI.DSS.321-LambdaInsideVPC', reason: NO_VPC },
  { id: 'NIST.800.53.R5-LambdaDLQ', reason: NO_DLQ },
  { id: 'HIPAA.Security-LambdaDLQ', reason: NO_DLQ },
];
