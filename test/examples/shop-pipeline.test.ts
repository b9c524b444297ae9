import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { COMPLIANCE_PACK_ACKNOWLEDGEMENTS, SHOP_PIPELINE_ACKNOWLEDGEMENTS } from '../../examples/nag-acknowledgements';
import { buildApp } from '../../examples/shop-pipeline-stack';

// Built-in CloudFormation validation off here: the example's validity (validation on) and its cdk-nag
// packs are in test/compliance.test.ts, which pays the validator's cold start once for every example.
const app = new App({ builtinCloudFormationValidation: false });
const stack = buildApp(app);
const template = Template.fromStack(stack);

test('the seed pipeline: source, build, two parallel tests, approval, ECS deploy, Lambda invoke', () => {
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
    PipelineType: 'V2',
    Stages: [
      Match.objectLike({ Name: 'Source', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }) })] }),
      Match.objectLike({ Name: 'Build', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeBuild' }) })] }),
      Match.objectLike({
        Name: 'Test',
        Actions: [
          Match.objectLike({ Name: 'Unit', RunOrder: 1 }),
          Match.objectLike({ Name: 'Lint', RunOrder: 1 }),
        ],
      }),
      Match.objectLike({ Name: 'Approve', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Category: 'Approval', Provider: 'Manual' }) })] }),
      Match.objectLike({ Name: 'Deploy', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'ECS' }) })] }),
      Match.objectLike({ Name: 'Invoke', Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'Lambda' }) })] }),
    ],
  });
});

test('the image build reads the npm token from Secrets Manager, never in plaintext', () => {
  const projects = template.findResources('AWS::CodeBuild::Project');
  const variables = Object.values(projects).flatMap((p: any) => p.Properties.Environment.EnvironmentVariables ?? []);
  const secrets = variables.filter((v: any) => v.Type === 'SECRETS_MANAGER');
  expect(secrets.map((v: any) => v.Name)).toEqual(['NPM_TOKEN']);
  expect(JSON.stringify(secrets[0].Value)).toContain(':secret:shop/npm-token');
  // A BuildKit secret of the image build, never a build argument.
  const image = Object.values(projects).find((p: any) => p.Properties.Environment.PrivilegedMode) as any;
  expect(image.Properties.Source.BuildSpec).toContain('--secret id=NPM_TOKEN,env=NPM_TOKEN');
  expect(image.Properties.Source.BuildSpec).not.toContain('--build-arg NPM_TOKEN');
});

test("the ECS deploy's input is written by the action that writes imagedefinitions.json", () => {
  const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
  const actions = stages.flatMap((s: any) => s.Actions);
  const deploy = actions.find((a: any) => a.ActionTypeId.Provider === 'ECS');
  expect(deploy.Configuration.FileName).toBe('imagedefinitions.json');
  const producer = actions.find((a: any) => (a.OutputArtifacts ?? []).some((o: any) => o.Name === deploy.InputArtifacts[0].Name));
  const projectId = producer.Configuration.ProjectName.Ref;
  const project = template.toJSON().Resources[projectId];
  const spec = JSON.parse(project.Properties.Source.BuildSpec);
  expect(spec.artifacts).toEqual({ files: ['imagedefinitions.json'] });
  expect(spec.phases.build.commands.join('\n')).toMatch(/printf '\[\{"name":"%s","imageUri":"%s"\}\]' web "\$IMAGE_URI" > imagedefinitions.json/);
  expect(spec.phases.build.commands).toContain('IMAGE_TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:?the commit is unknown: the input must come from a source action}"');
});

test('exactly the image project may push, to exactly the shop-web repository, and only it is privileged', () => {
  const projects = template.findResources('AWS::CodeBuild::Project');
  const privileged = Object.entries(projects).filter(([, p]: any) => p.Properties.Environment.PrivilegedMode);
  expect(privileged).toHaveLength(1);
  const imageRole = (privileged[0][1] as any).Properties.ServiceRole['Fn::GetAtt'][0];
  const pushers: Array<{ roles: unknown; resource: unknown }> = [];
  for (const type of ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy']) {
    for (const policy of Object.values(template.findResources(type)) as any[]) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
        if (actions.includes('ecr:PutImage')) pushers.push({ roles: policy.Properties.Roles, resource: statement.Resource });
      }
    }
  }
  expect(pushers).toEqual([{
    roles: [{ Ref: imageRole }],
    resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:123456789012:repository/shop-web']] },
  }]);
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    Roles: [{ Ref: imageRole }],
    PolicyDocument: {
      Statement: Match.arrayWith([{
      // ecr:GetAuthorizationToken has no resource-level permissions.
        Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*',
      }]),
    },
  });
});

test('every acknowledgement gives a reason', () => {
  for (const ack of [...SHOP_PIPELINE_ACKNOWLEDGEMENTS, ...COMPLIANCE_PACK_ACKNOWLEDGEMENTS]) {
    expect(ack.reason.length).toBeGreaterThan(30);
  }
});

test('snapshot of the example template', () => {
  expect(template.toJSON()).toMatchSnapshot();
});
