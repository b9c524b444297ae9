import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { specError, synthSpec } from './helpers';
import { CONNECTION_ARN } from '../util';

const GET_PIPELINE = (action: string) => `{
  "pipeline": {
    "name": "shop",
    "roleArn": "arn:aws:iam::111111111111:role/service-role/AWSCodePipelineServiceRole-shop",
    "artifactStore": { "type": "S3", "location": "codepipeline-eu-west-1-111111111111" },
    "stages": [
      {
        "name": "Source",
        "actions": [
          {
            "name": "Checkout",
            "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1" },
            "runOrder": 1,
            "configuration": { "ConnectionArn": "${CONNECTION_ARN}", "FullRepositoryId": "acme/shop", "BranchName": "main" },
            "outputArtifacts": [{ "name": "SourceArtifact" }],
            "inputArtifacts": []
          }
        ]
      },
      {
        "name": "Build",
        "actions": [${action}]
      }
    ],
    "version": 3,
    "pipelineType": "V2"
  },
  "metadata": { "pipelineArn": "arn:aws:codepipeline:eu-west-1:111111111111:shop" }
}`;

const BUILD = `{
            "name": "Compile",
            "actionTypeId": { "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1" },
            "configuration": { "ProjectName": "shop-build" },
            "inputArtifacts": [{ "name": "SourceArtifact" }],
            "outputArtifacts": [{ "name": "BuildArtifact" }]
          }`;

describe('the JSON `aws codepipeline get-pipeline` prints', () => {
  test('loads, with the library\'s role and bucket instead of the declared ones (said at synth)', () => {
    const { template, pipeline } = synthSpec(GET_PIPELINE(BUILD));
    const properties = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
    expect(properties.Stages.map((s: any) => s.Actions.map((a: any) => `${s.Name}/${a.Name}/${a.ActionTypeId.Provider}`)))
      .toEqual([['Source/Checkout/CodeStarSourceConnection'], ['Build/Compile/CodeBuild']]);
    expect(JSON.stringify(properties.RoleArn)).not.toContain('AWSCodePipelineServiceRole-shop');
    expect(JSON.stringify(properties.ArtifactStore)).not.toContain('codepipeline-eu-west-1-111111111111');
    Annotations.fromStack(pipeline.node.scope as any).hasInfo('*', Match.stringLikeRegexp("roleArn \\(line 4\\): 'roleArn' is not kept: the pipeline's service role"));
  });

  test('keepImportedRoleAndStore keeps its service role (used as given) and its artifact store', () => {
    const { template } = synthSpec(GET_PIPELINE(BUILD), { keepImportedRoleAndStore: true });
    const properties = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
    expect(properties.RoleArn).toBe('arn:aws:iam::111111111111:role/service-role/AWSCodePipelineServiceRole-shop');
    expect(properties.ArtifactStore).toMatchObject({ Type: 'S3', Location: 'codepipeline-eu-west-1-111111111111' });
    // Used as given: no policy is added to the imported role, and the library makes no artifact bucket.
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('AWSCodePipelineServiceRole-shop');
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.includes('PipelineRole'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::S3::Bucket')).filter(id => id.includes('ArtifactBucket'))).toEqual([]);
  });

  test('an unknown key is reported at its line, with "did you mean"', () => {
    expect(specError(GET_PIPELINE(BUILD.replace('"configuration"', '"configuraton"'))))
      .toMatch(/stages\[1\]\.actions\[0\]\.configuraton \(line 25, column 29\): unknown key 'configuraton' \(did you mean 'configuration'\?\)/);
  });

  test('a rule of the provider is reported at the line of the get-pipeline file', () => {
    expect(specError(GET_PIPELINE(BUILD.replace('"ProjectName": "shop-build"', '"ProjectName": "shop-build", "BatchEnabled": "maybe"'))))
      .toMatch(/stages\[1\]\.actions\[0\]\.configuration\.BatchEnabled \(line 25, column \d+\): 'BatchEnabled' must be true or false, got 'maybe'/);
  });

  test('GitHub version 1 (an OAuth token in the pipeline) is refused with what to use instead', () => {
    const v1 = GET_PIPELINE(BUILD).replace('"owner": "AWS", "provider": "CodeStarSourceConnection"', '"owner": "ThirdParty", "provider": "GitHub"');
    expect(specError(v1)).toMatch(
      /stages\[0\]\.actions\[0\]\.actionTypeId\.owner \(line 12, column \d+\): the GitHub \(version 1\) action authenticates with a long-lived OAuth token stored in the pipeline and is deprecated by AWS: use owner AWS; a pipeline file builds a CodeConnections source: give 'ConnectionArn'/);
  });
});

const TEMPLATE = (action: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ConnectionArn:
    Type: String
    Description: The CodeConnections connection to GitHub
  Branch:
    Type: String
    Default: main
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      RoleArn: !GetAtt PipelineRole.Arn
      ArtifactStore: { Type: S3, Location: !Ref ArtifactBucket }
      Stages:
        - Name: Source
          Actions:
            - Name: Checkout
              ActionTypeId: { Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: '1' }
              Configuration:
                ConnectionArn: !Ref ConnectionArn
                FullRepositoryId: acme/shop
                BranchName: !Ref Branch
              OutputArtifacts: [{ Name: SourceArtifact }]
        - Name: Build
          Actions:
${action}
`;

describe('an AWS::CodePipeline::Pipeline resource of a CloudFormation template', () => {
  const build = `            - Name: Compile
              ActionTypeId: { Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1' }
              Configuration:
                ProjectName: !Sub '\${AWS::StackName}-build'
              InputArtifacts: [{ Name: SourceArtifact }]
              RoleArn: !GetAtt BuildRole.Arn`;

  test('loads; its parameters stay parameters, resources it names become parameters, pseudo parameters stay references', () => {
    const { template } = synthSpec(TEMPLATE(build));
    const t = template.toJSON();
    expect(t.Parameters.ConnectionArn).toMatchObject({ Type: 'String', Description: 'The CodeConnections connection to GitHub' });
    expect(t.Parameters.Branch).toMatchObject({ Type: 'String', Default: 'main' });
    expect(t.Parameters.BuildRoleArn.Description).toMatch(/Fn::GetAtt BuildRole\.Arn in the imported template/);
    const stages = Object.values<any>(t.Resources).find(r => r.Type === 'AWS::CodePipeline::Pipeline').Properties.Stages;
    expect(stages[0].Actions[0].Configuration).toMatchObject({ ConnectionArn: { Ref: 'ConnectionArn' }, BranchName: { Ref: 'Branch' } });
    expect(stages[1].Actions[0].RoleArn).toEqual({ Ref: 'BuildRoleArn' });
    expect(JSON.stringify(stages[1].Actions[0].Configuration.ProjectName)).toContain('{"Ref":"AWS::StackName"}');
    // The template's own role and bucket are replaced by the library's (never referenced).
    expect(t.Parameters.PipelineRoleArn).toBeUndefined();
    expect(t.Parameters.ArtifactBucket).toBeUndefined();
  });

  test('an intrinsic that cannot be kept is an error at its line, with the fix', () => {
    const withIf = build.replace("ProjectName: !Sub '${AWS::StackName}-build'", 'ProjectName: !If [IsProd, prod-build, dev-build]');
    expect(specError(TEMPLATE(withIf))).toMatch(
      /Resources\.Pipeline\.Properties\.Stages\[1\]\.Actions\[0\]\.Configuration\.ProjectName \(line 30, column \d+\): Fn::If cannot be kept[^\n]*PipelineFileOptions\.configuration\['Action\.Key'\]/);
  });
});
