import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Build, DeliveryPipelineProps, Source } from '../../src';
import { synthPipeline } from '../util';

/** A source bucket and key every provider test can start from. */
export function s3Source(stack: Stack): Source {
  const bucket = s3.Bucket.fromBucketName(stack, 'SourceBucket', 'shop-sources');
  return Source.s3(bucket, 'shop.zip', { triggerOnUpload: false });
}

/** A pipeline with an S3 source, a CodeBuild build and the given props (e.g. `deploy`). */
export function synthWith(props: (stack: Stack) => Partial<DeliveryPipelineProps>) {
  return synthPipeline(stack => ({
    source: s3Source(stack),
    buildStep: Build.codeBuild({ commands: ['make'] }),
    ...props(stack),
  }));
}

/** The declaration of one action in the pipeline's template. */
export function actionDeclaration(template: Template, actionName: string): any {
  const pipelines = template.findResources('AWS::CodePipeline::Pipeline');
  for (const pipeline of Object.values(pipelines)) {
    for (const stage of (pipeline as any).Properties.Stages) {
      for (const action of stage.Actions) {
        if (action.Name === actionName) return action;
      }
    }
  }
  throw new Error(`no action '${actionName}' in the template`);
}

/**
 * The statements of the policy attached to the role of one action (found by the role description
 * `newActionRole` writes), resolved to plain JSON.
 */
export function actionRoleStatements(template: Template, stageName: string, actionName: string): any[] {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { Description: `Runs the '${actionName}' action of stage '${stageName}'` },
  });
  const ids = Object.keys(roles);
  if (ids.length !== 1) throw new Error(`expected one role for ${stageName}/${actionName}, found ${ids.length}`);
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  const statements: any[] = [];
  for (const policy of Object.values(policies)) {
    const attached = ((policy as any).Properties.Roles ?? []).some((r: any) => r.Ref === ids[0]);
    if (attached) statements.push(...(policy as any).Properties.PolicyDocument.Statement);
  }
  return statements;
}

/** Every IAM action (as a flat list) the statements allow. */
export function allowedActions(statements: any[]): string[] {
  return statements.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

/** Whether any statement allows `*` as its resource. */
export function wildcardActions(statements: any[]): string[] {
  return statements
    .filter(s => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')))
    .flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

/** The artifact bucket permissions every action reading artifacts gets (exact actions, no patterns). */
export const ARTIFACT_READ = ['s3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'];

/** An ARN in the stack's partition, as aws-cdk-lib renders it: `arn:${AWS::Partition}` followed by `rest` (`:service:region:account:resource`). */
export function partitionArn(rest: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}
