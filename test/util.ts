import { App, AppProps, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { DeliveryPipeline, DeliveryPipelineProps } from '../src';

/** The account and region every unit test stack lives in. */
export const ENV = { account: '111111111111', region: 'eu-west-1' };

export const CONNECTION_ARN = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/**
 * A stack for unit tests. aws-cdk-lib's built-in CloudFormation validation costs seconds per synth, so
 * unit tests turn it off; the example tests keep it on.
 */
export function testStack(id = 'Test'): Stack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new Stack(app, id, { env: ENV });
}

/**
 * An app whose synth fails on any finding of aws-cdk-lib's built-in CloudFormation validation: without the
 * `@aws-cdk/core:validateAgainstDefaultRules` flag the validator only warns, and a test could not fail on it.
 */
export function validatingApp(props: AppProps = {}): App {
  return new App({ ...props, builtinCloudFormationValidation: true, context: { [cxapi.VALIDATE_AGAINST_DEFAULT_RULES]: true, ...props.context } });
}

/** Synthesizes a pipeline in a fresh stack and returns its template. */
export function synthPipeline(props: (stack: Stack) => DeliveryPipelineProps): { stack: Stack; pipeline: DeliveryPipeline; template: Template } {
  const stack = testStack();
  const pipeline = new DeliveryPipeline(stack, 'Pipeline', props(stack));
  return { stack, pipeline, template: Template.fromStack(stack) };
}

/** An imported ECS service with its task definition, as a pipeline stack sees an application's service. */
export function importedService(stack: Stack): { service: ecs.IBaseService; taskDefinition: ecs.ITaskDefinition } {
  const cluster = ecs.Cluster.fromClusterArn(stack, 'Cluster', `arn:aws:ecs:${ENV.region}:${ENV.account}:cluster/shop`);
  const service = ecs.FargateService.fromFargateServiceAttributes(stack, 'Service', { cluster, serviceName: 'shop-web' });
  const taskDefinition = ecs.FargateTaskDefinition.fromFargateTaskDefinitionAttributes(stack, 'TaskDefinition', {
    taskDefinitionArn: `arn:aws:ecs:${ENV.region}:${ENV.account}:task-definition/shop-web:3`,
    networkMode: ecs.NetworkMode.AWS_VPC,
    taskRole: iam.Role.fromRoleName(stack, 'TaskRole', 'shop-web-task'),
    executionRole: iam.Role.fromRoleName(stack, 'ExecutionRole', 'shop-web-execution'),
  });
  return { service, taskDefinition };
}
