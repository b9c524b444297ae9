import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ARTIFACT_READ, actionDeclaration, actionRoleStatements, allowedActions, s3Source, wildcardActions } from './helpers';
import { ActionOwner, Build, CommandsComputeType, CommandsEnvironmentType, Deploy, PipelineArtifact, ReportFormat, Source, Test } from '../../src';
import { CONNECTION_ARN, synthPipeline } from '../util';

describe('Build.codeBuild', () => {
  test('several inputs with a primary source, several outputs as secondary artifacts, exported variables', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      additionalSources: [Source.connection('acme/config', 'main', { connectionArn: CONNECTION_ARN })],
      buildStep: Build.codeBuild({
        commands: ['make'],
        extraInputs: [PipelineArtifact.fromStep('config')],
        additionalOutputs: [{ name: 'Docs', directory: 'site', files: ['**/*.html'] }],
        exportedVariables: ['VERSION'],
        variablesNamespace: 'Build',
      }),
    }));
    expect(actionDeclaration(template, 'Build')).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
      Configuration: { PrimarySource: 'S3Source_Output' },
      InputArtifacts: [{ Name: 'S3Source_Output' }, { Name: 'config_Output' }],
      OutputArtifacts: [{ Name: 'Build_Output' }, { Name: 'Build_Docs' }],
      Namespace: 'Build',
    });
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as any;
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(spec.env).toEqual({ 'exported-variables': ['VERSION'] });
    expect(spec.artifacts['secondary-artifacts']).toEqual({
      Build_Output: { files: ['**/*'] },
      Build_Docs: { 'files': ['**/*.html'], 'base-directory': 'site' },
    });
  });

  test('a deploy after a build with additional outputs reads the main build output', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'], additionalOutputs: [{ name: 'Docs', directory: 'site', files: ['**/*.html'] }] }),
      deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site') }),
      stages: [{ stageName: 'Publish', steps: [Deploy.s3({ actionName: 'DocsSite', bucket: s3.Bucket.fromBucketName(stack, 'Docs', 'docs'), input: PipelineArtifact.fromStep('Build_Docs') })] }],
    }));
    expect(actionDeclaration(template, 'DeployS3').InputArtifacts).toEqual([{ Name: 'Build_Output' }]);
    expect(actionDeclaration(template, 'DocsSite').InputArtifacts).toEqual([{ Name: 'Build_Docs' }]);
  });

  test('the build output is the latest build step\'s, also when an action name repeats in another stage', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      stages: [
        ...['A', 'B'].map(stageName => ({ stageName, steps: [Build.codeBuild({ actionName: 'Pack', commands: [`make ${stageName}`] })] })),
        { stageName: 'C', steps: [Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site') }), Deploy.s3({ actionName: 'ByName', bucket: s3.Bucket.fromBucketName(stack, 'Web', 'web'), input: PipelineArtifact.fromStep('Pack') })] },
      ],
    }));
    const stages = template.findResources('AWS::CodePipeline::Pipeline');
    const all = (Object.values(stages)[0] as any).Properties.Stages;
    const outputs = all.filter((st: any) => st.Name === 'A' || st.Name === 'B').map((st: any) => st.Actions[0].OutputArtifacts[0].Name);
    expect(outputs).toEqual(['Pack_Output', 'B_Pack_Output']);
    expect(actionDeclaration(template, 'DeployS3').InputArtifacts).toEqual([{ Name: 'B_Pack_Output' }]);
    expect(actionDeclaration(template, 'ByName').InputArtifacts).toEqual([{ Name: 'B_Pack_Output' }]);
  });

  test('more than 5 inputs is a synth error naming the action and the bound', () => {
    expect(() => synthPipeline(stack => ({
      source: s3Source(stack),
      additionalSources: ['a', 'b', 'c', 'd', 'e'].map(n => Source.connection(`acme/${n}`, 'main', { connectionArn: CONNECTION_ARN })),
      buildStep: Build.codeBuild({ commands: ['make'], extraInputs: ['a', 'b', 'c', 'd', 'e'].map(n => PipelineArtifact.fromStep(n)) }),
    }))).toThrow(/action 'Build' \(provider CodeBuild\) has 6 input artifact\(s\), but CodeBuild accepts 1 to 5: remove inputs to fit/);
  });

  test('batch builds enable batch on the project and the action', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({
        buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', batch: { 'build-list': [{ identifier: 'a' }] }, phases: { build: { commands: ['make'] } } }),
        batchBuild: true,
        combineBatchArtifacts: true,
      }),
    }));
    expect(actionDeclaration(template, 'Build').Configuration).toMatchObject({ BatchEnabled: 'true', CombineArtifacts: 'true' });
    template.hasResourceProperties('AWS::CodeBuild::Project', { BuildBatchConfig: Match.objectLike({ ServiceRole: Match.anyValue() }) });
  });

  test('a batch build without a build spec is rejected', () => {
    expect(() => synthPipeline(stack => ({ source: s3Source(stack), buildStep: Build.codeBuild({ commands: ['make'], batchBuild: true }) })))
      .toThrow(/'batchBuild' runs the build spec's 'batch' section, but no 'buildSpec' was given/);
  });

  test('runs in the given VPC', () => {
    const { template } = synthPipeline(stack => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      return { source: s3Source(stack), buildStep: Build.codeBuild({ commands: ['make'], vpc }) };
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', { VpcConfig: Match.objectLike({ VpcId: Match.anyValue() }) });
  });

  test('a full clone of a connection source lets the build project use exactly that connection, with the action of its ARN prefix', () => {
    const { template } = synthPipeline(() => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN, codeBuildCloneOutput: true }),
      buildStep: Build.codeBuild({ commands: ['git log -1'] }),
    }));
    expect(actionDeclaration(template, 'shop').Configuration).toMatchObject({ OutputArtifactFormat: 'CODEBUILD_CLONE_REF' });
    const statements = projectRoleStatements(template);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CONNECTION_ARN });
    // Regression: aws-cdk-lib's CodeBuildAction grants codestar-connections:UseConnection on the
    // connection whatever its prefix; on a codeconnections ARN that grant is dead, so it is dropped.
    expect(allowedActions(statements)).not.toContain('codestar-connections:UseConnection');
  });

  test("the project role writes to the project's own log group only, checks the artifact bucket's owner, and has no report grants without reports", () => {
    const { template } = synthPipeline(stack => ({ source: s3Source(stack), buildStep: Build.codeBuild({ commands: ['make'] }) }));
    const statements = projectRoleStatements(template);
    const logGroup = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } });
    // Regression: aws-cdk-lib's Project grants logs on the default log group /aws/codebuild/<project>,
    // which the project never uses (it logs to its own group); its CreateLogStream and PutLogEvents on the
    // log-group form matched no ARN format of those actions.
    expect(JSON.stringify(statements)).not.toContain('/aws/codebuild/');
    expect(allowedActions(statements)).not.toContain('logs:CreateLogGroup');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': [artifactBucketId(template), 'Arn'] } });
    expect(allowedActions(statements).filter(a => a.startsWith('codebuild:'))).toEqual([]);
  });

  test('a test with reports may write to exactly its report groups, with the call of each report kind', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      tests: [Test.codeBuild({
        actionName: 'Unit',
        commands: ['npm test'],
        reports: [{ name: 'junit', files: ['junit.xml'] }, { name: 'coverage', files: ['clover.xml'], format: ReportFormat.CLOVER_XML }],
      })],
    }));
    const project = Object.entries(template.findResources('AWS::CodeBuild::Project'))
      .find(([, p]) => JSON.stringify((p as any).Properties.Source.BuildSpec).includes('npm test'))![0];
    const group = (name: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codebuild:eu-west-1:111111111111:report-group/', { Ref: project }, `-${name}`]],
    });
    const statements = projectRoleStatements(template, project);
    expect(statements.filter(st => JSON.stringify(st.Action).includes('codebuild:'))).toEqual([
      { Effect: 'Allow', Action: ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases'], Resource: group('junit') },
      { Effect: 'Allow', Action: ['codebuild:CreateReportGroup', 'codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutCodeCoverages'], Resource: group('coverage') },
    ]);
  });
});

/** The statements of the role of a CodeBuild project (the only project, or the one with that logical id). */
function projectRoleStatements(template: Template, projectId?: string): any[] {
  const projects = template.findResources('AWS::CodeBuild::Project');
  const id = projectId ?? (Object.keys(projects).length === 1 ? Object.keys(projects)[0] : undefined);
  if (!id) throw new Error(`expected one project, found ${Object.keys(projects).length}`);
  const roleId = (projects[id] as any).Properties.ServiceRole['Fn::GetAtt'][0];
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  return Object.values(policies)
    .filter(p => ((p as any).Properties.Roles ?? []).some((r: any) => r.Ref === roleId))
    .flatMap(p => (p as any).Properties.PolicyDocument.Statement);
}

function artifactBucketId(template: Template): string {
  return Object.keys(template.findResources('AWS::S3::Bucket')).find(id => id.startsWith('PipelineArtifacts'))!;
}

describe('Build.cdkSynth', () => {
  test('additional outputs become secondary artifacts beside the cloud assembly', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.cdkSynth({ additionalOutputs: [{ name: 'Extra', directory: 'reports', files: ['**/*.xml'] }] }),
    }));
    expect(actionDeclaration(template, 'Synth').OutputArtifacts).toEqual([{ Name: 'Synth_Output' }, { Name: 'Synth_Extra' }]);
    const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0] as any;
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(spec.artifacts['secondary-artifacts']).toEqual({
      Synth_Output: { files: ['cdk.out/**/*'] },
      Synth_Extra: { 'files': ['**/*.xml'], 'base-directory': 'reports' },
    });
  });
});

describe('Build.commands', () => {
  test('declares the Commands action with output files, variables and Secrets Manager environment variables', () => {
    const { template } = synthPipeline(stack => {
      const npmToken = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Npm', 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:npm-AbCdEf');
      return {
        source: s3Source(stack),
        buildStep: Build.commands({
          commands: ['npm ci', 'npm run build'],
          outputFiles: ['dist/**/*'],
          outputVariables: ['VERSION'],
          variablesNamespace: 'Build',
          environment: { STAGE: 'prod' },
          secrets: { NPM_TOKEN: npmToken },
        }),
        deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site') }),
      };
    });
    expect(actionDeclaration(template, 'Commands')).toMatchObject({
      ActionTypeId: { Category: 'Compute', Owner: 'AWS', Provider: 'Commands', Version: '1' },
      Commands: ['npm ci', 'npm run build'],
      OutputVariables: ['VERSION'],
      OutputArtifacts: [{ Name: 'Commands_Output', Files: ['dist/**/*'] }],
      EnvironmentVariables: [
        { Name: 'STAGE', Value: 'prod', Type: 'PLAINTEXT' },
        { Name: 'NPM_TOKEN', Value: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:npm-AbCdEf', Type: 'SECRETS_MANAGER' },
      ],
    });
    expect(actionDeclaration(template, 'DeployS3').InputArtifacts).toEqual([{ Name: 'Commands_Output' }]);
    const statements = actionRoleStatements(template, 'Build', 'Commands');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:npm-AbCdEf' });
    expect(allowedActions(statements)).toEqual([...ARTIFACT_READ, 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
      's3:AbortMultipartUpload', 's3:PutObject', 'secretsmanager:GetSecretValue'].sort());
    expect(wildcardActions(statements)).toEqual([]);
  });

  test('reading a full clone of a connection source may use exactly that connection', () => {
    const { template } = synthPipeline(() => ({
      source: Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN, codeBuildCloneOutput: true }),
      buildStep: Build.commands({ commands: ['git log -1'] }),
    }));
    const statements = actionRoleStatements(template, 'Build', 'Commands');
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CONNECTION_ARN });
    expect(allowedActions(statements)).not.toContain('codestar-connections:UseConnection');
  });

  test('rejects a plaintext secret', () => {
    expect(() => synthPipeline(stack => ({ source: s3Source(stack), buildStep: Build.commands({ commands: ['make'], environment: { API_TOKEN: 'abc' } }) })))
      .toThrow(/environment.API_TOKEN would be stored in plaintext/);
  });

  test('sets the environment and compute type through the configuration keys of the action reference', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.commands({ commands: ['dir'], environmentType: CommandsEnvironmentType.WINDOWS_SERVER_2022_CONTAINER, computeType: CommandsComputeType.LARGE }),
    }));
    expect(actionDeclaration(template, 'Commands').Configuration).toEqual({ EnvironmentType: 'WINDOWS_SERVER_2022_CONTAINER', ComputeType: 'BUILD_GENERAL1_LARGE' });
  });

  test('leaves the configuration empty when CodePipeline\'s defaults are wanted', () => {
    const { template } = synthPipeline(stack => ({ source: s3Source(stack), buildStep: Build.commands({ commands: ['make'] }) }));
    expect(actionDeclaration(template, 'Commands').Configuration).toBeUndefined();
  });

  test('rejects Windows on the SMALL compute type, which fails only when the action runs', () => {
    expect(() => Build.commands({ commands: ['dir'], environmentType: CommandsEnvironmentType.WINDOWS_SERVER_2022_CONTAINER }))
      .toThrow(/WINDOWS_SERVER_2022_CONTAINER does not run on the default computeType SMALL; set computeType to CommandsComputeType.MEDIUM or LARGE/);
  });

  test('rejects multi-line commands', () => {
    expect(() => Build.commands({ commands: ['echo a\necho b'] })).toThrow(/commands\[0\] must be a single line of 1 to 1000 characters/);
  });

  test('is a synth error in a V1 pipeline', () => {
    expect(() => synthPipeline(stack => ({
      pipelineType: codepipeline.PipelineType.V1, source: s3Source(stack), buildStep: Build.commands({ commands: ['make'] }),
    }))).toThrow(/uses the Commands provider, which CodePipeline offers only in V2 pipelines, but the pipeline is V1/);
  });
});

describe('Build.ecrBuildAndPublish', () => {
  test('declares the ECRBuildAndPublish action and may push to that repository only', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(stack, 'Web', 'shop-web'), { dockerfileDirectory: 'web', imageTags: ['latest', 'v1'] }),
    }));
    expect(actionDeclaration(template, 'Image-Web')).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'ECRBuildAndPublish', Version: '1' },
      Configuration: { ECRRepositoryName: 'shop-web', DockerFilePath: 'web', ImageTags: 'latest,v1', RegistryType: 'private' },
    });
    const statements = actionRoleStatements(template, 'Build', 'Image-Web');
    expect(wildcardActions(statements)).toEqual(['ecr:GetAuthorizationToken']);
    expect(allowedActions(statements).filter(a => a.startsWith('ecr:'))).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:CompleteLayerUpload',
      'ecr:DescribeRepositories', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart']);
  });

  test('is a synth error in a V1 pipeline', () => {
    expect(() => synthPipeline(stack => ({
      pipelineType: codepipeline.PipelineType.V1,
      source: s3Source(stack),
      buildStep: Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(stack, 'Web', 'shop-web')),
    }))).toThrow(/uses the ECRBuildAndPublish provider, which CodePipeline offers only in V2 pipelines/);
  });
});

describe('Jenkins and custom actions', () => {
  test('Build.jenkins registers the Jenkins build action type and declares the custom action without an AWS role', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.jenkins({
        provider: new actions.JenkinsProvider(stack, 'Jenkins', { providerName: 'ShopJenkins', serverUrl: 'https://jenkins.acme.example' }),
        projectName: 'shop-build',
      }),
    }));
    expect(actionDeclaration(template, 'Jenkins-shop-build')).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'Custom', Provider: 'ShopJenkins', Version: '1' },
      Configuration: { ProjectName: 'shop-build' },
      OutputArtifacts: [{ Name: 'Jenkins-shop-build_Output' }],
    });
    expect(actionDeclaration(template, 'Jenkins-shop-build').RoleArn).toBeUndefined();
    template.hasResourceProperties('AWS::CodePipeline::CustomActionType', { Category: 'Build', Provider: 'ShopJenkins' });
  });

  test('Build.custom declares a third-party action with its configuration', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'TeamCity', configuration: { BuildConfigurationID: 'Shop_Build' } }),
    }));
    expect(actionDeclaration(template, 'TeamCity')).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'ThirdParty', Provider: 'TeamCity', Version: '1' },
      Configuration: { BuildConfigurationID: 'Shop_Build' },
      InputArtifacts: [{ Name: 'S3Source_Output' }],
      OutputArtifacts: [{ Name: 'TeamCity_Output' }],
    });
    template.resourceCountIs('AWS::CodePipeline::CustomActionType', 0);
  });

  test('Test.custom registers a Custom action type when asked', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      tests: [Test.custom({ provider: 'LoadTest', version: '2', configuration: { Scenario: 'checkout' }, registration: { entityUrl: 'https://load.acme.example' } })],
    }));
    expect(actionDeclaration(template, 'LoadTest').ActionTypeId).toEqual({ Category: 'Test', Owner: 'Custom', Provider: 'LoadTest', Version: '2' });
    template.hasResourceProperties('AWS::CodePipeline::CustomActionType', {
      Category: 'Test',
      Provider: 'LoadTest',
      Version: '2',
      ConfigurationProperties: [{ Name: 'Scenario', Required: true, Key: false, Secret: false }],
      Settings: { EntityUrlTemplate: 'https://load.acme.example' },
    });
  });

  test('Deploy.custom declares a third-party deploy action reading the build output', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      deploy: Deploy.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'XebiaLabs', configuration: { Environment: 'prod' } }),
    }));
    expect(actionDeclaration(template, 'XebiaLabs')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'ThirdParty', Provider: 'XebiaLabs', Version: '1' },
      Configuration: { Environment: 'prod' },
      InputArtifacts: [{ Name: 'Build_Output' }],
    });
    expect(actionDeclaration(template, 'XebiaLabs').OutputArtifacts).toBeUndefined();
  });

  test('artifact counts outside the action type bounds are a synth error naming the action and the bound', () => {
    expect(() => synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.custom({ provider: 'Packer', outputCount: 2, artifactBounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 1 } }),
    }))).toThrow(/action 'Packer' \(provider Packer\) has 2 output artifact\(s\), but Packer accepts 0 to 1: remove outputs to fit/);
  });

  test('registering a third-party action type is rejected', () => {
    expect(() => Build.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'CloudBees', registration: {} }))
      .toThrow(/only 'Custom' action types can be registered/);
  });
});

