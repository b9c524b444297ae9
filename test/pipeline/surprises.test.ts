import { CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Build, DeliveryPipeline, DeliveryPipelineProps, Deploy, Source } from '../../src';
import { CONNECTION_ARN, ENV, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function synth(props: (stack: ReturnType<typeof testStack>) => Omit<DeliveryPipelineProps, 'source'>) {
  const stack = testStack();
  new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: Build.codeBuild({ commands: ['make'] }), ...props(stack) });
  return { stack, annotations: Annotations.fromStack(stack), template: Template.fromStack(stack) };
}

const deploy = (stack: ReturnType<typeof testStack>) => Deploy.cloudFormation({
  stackName: 'shop', templatePath: 'shop.json', deploymentRole: iam.Role.fromRoleArn(stack, 'Exec', `arn:aws:iam::${ENV.account}:role/cfn-exec`, { mutable: false }),
});

describe('an environment that is production by its name says so at synth', () => {
  test('Prod: an info annotation names the approval stage and the rollback it gains', () => {
    const { annotations } = synth(stack => ({ environments: [{ name: 'Prod', deploy: deploy(stack) }] }));
    annotations.hasInfo('/Test/Pipeline', Match.stringLikeRegexp(
      "environment 'Prod' is production because of its name, so it gets a manual approval in stage 'Approve-Prod' and automatic rollback of its stage on failure: " +
      "set 'production: true' on it to make that explicit, or 'production: false'"));
  });

  test('no annotation when production is explicit, or the name is not production', () => {
    const explicit = synth(stack => ({ environments: [{ name: 'Prod', production: true, deploy: deploy(stack) }] })).annotations;
    explicit.hasNoInfo('/Test/Pipeline', Match.stringLikeRegexp('is production because of its name'));
    const staging = synth(stack => ({ environments: [{ name: 'Staging', deploy: deploy(stack) }] })).annotations;
    staging.hasNoInfo('/Test/Pipeline', Match.stringLikeRegexp('is production because of its name'));
  });
});

describe('an artifact bucket of your own that may lose the rollback guarantee', () => {
  test('an unversioned bucket is a warning at synth', () => {
    const { annotations } = synth(stack => ({ artifactBucket: new s3.Bucket(stack, 'Mine') }));
    annotations.hasWarning('/Test/Pipeline', Match.stringLikeRegexp(
      "the artifact bucket Test/Mine is not versioned, so rollback and retries may redeploy artifacts a later execution overwrote: create it with 'versioned: true'"));
  });

  test('a versioned bucket is not', () => {
    const { annotations } = synth(stack => ({ artifactBucket: new s3.Bucket(stack, 'Mine', { versioned: true }) }));
    annotations.hasNoWarning('/Test/Pipeline', Match.anyValue());
  });

  test('an imported bucket warns that its versioning is unknown', () => {
    const { annotations } = synth(stack => ({ artifactBucket: s3.Bucket.fromBucketName(stack, 'Shared', 'shared-artifacts') }));
    annotations.hasWarning('/Test/Pipeline', Match.stringLikeRegexp('the artifact bucket Test/Shared is imported, so whether it is versioned is unknown here'));
  });
});

describe('a connection repository made of tokens', () => {
  const fullRepositoryId = (repository: (stack: ReturnType<typeof testStack>) => string) => {
    const stack = testStack();
    new DeliveryPipeline(stack, 'Pipeline', {
      source: Source.connection(repository(stack), 'main', { connectionArn: CONNECTION_ARN }),
      buildStep: Build.codeBuild({ commands: ['make'] }),
    });
    const pipeline = Object.values(Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    return stack.resolve(pipeline.Properties.Stages[0].Actions[0].Configuration.FullRepositoryId);
  };

  test('`${owner}/${repo}` renders without a leading slash', () => {
    const id = fullRepositoryId(stack => `${new CfnParameter(stack, 'Owner').valueAsString}/${new CfnParameter(stack, 'Repo').valueAsString}`);
    expect(id).toEqual({ 'Fn::Join': ['', [{ Ref: 'Owner' }, '/', { Ref: 'Repo' }]] });
  });

  test('one token for the whole repository is split in CloudFormation', () => {
    const id = fullRepositoryId(stack => new CfnParameter(stack, 'Repository').valueAsString);
    expect(id).toEqual({
      'Fn::Join': ['', [
        { 'Fn::Select': [0, { 'Fn::Split': ['/', { Ref: 'Repository' }] }] },
        '/',
        { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'Repository' }] }] },
      ]],
    });
  });
});

describe('a service role of your own is used as given', () => {
  const attachedTo = (template: Template, match: (roles: string) => boolean) =>
    [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))]
      .filter((p: any) => match(JSON.stringify(p.Properties.Roles ?? [])));

  test('a mutable role made in code gets no policy: not the artifact bucket, not sts:AssumeRole', () => {
    const { template } = synth(stack => ({
      role: new iam.Role(stack, 'OwnServiceRole', { assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com') }),
      environments: [{ name: 'Staging', deploy: deploy(stack) }, {
        name: 'Prod',
        account: '222222222222',
        deploy: Deploy.cloudFormation({
          stackName: 'shop', templatePath: 'shop.json', deploymentRole: iam.Role.fromRoleArn(stack, 'ProdExec', 'arn:aws:iam::222222222222:role/cfn-exec', { mutable: false }),
        }),
      }],
    }));
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.RoleArn).toEqual({ 'Fn::GetAtt': ['OwnServiceRoleBD0A3BB9', 'Arn'] });
    expect(attachedTo(template, roles => roles.includes('OwnServiceRole'))).toEqual([]);
  });

  test('a mutable role imported by ARN gets no policy either', () => {
    const { template } = synth(stack => ({
      role: iam.Role.fromRoleArn(stack, 'OwnServiceRole', `arn:aws:iam::${ENV.account}:role/shop-pipeline`),
      environments: [{ name: 'Staging', deploy: deploy(stack) }],
    }));
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
    expect(pipeline.Properties.RoleArn).toBe(`arn:aws:iam::${ENV.account}:role/shop-pipeline`);
    expect(attachedTo(template, roles => roles.includes('shop-pipeline'))).toEqual([]);
  });
});
