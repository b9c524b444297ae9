import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Build, PipelineArtifact, Test } from '../../src';
import { findProvider } from '../../src/providers/registry';
import { spec, specError, stage, synthSpec } from '../pipeline-file/helpers';
import { actionDeclaration, actionRoleStatements, s3Source } from '../providers/helpers';
import { synthPipeline } from '../util';

describe('provider modules of the builds group', () => {
  test('one definition answers for CodeBuild builds and tests; owner Custom and ThirdParty take any provider', () => {
    expect(findProvider('Build', 'CodeBuild')).toBe(findProvider('Test', 'CodeBuild'));
    expect(findProvider('Compute', 'Commands')).toBe(findProvider('Build', 'Commands'));
    expect(findProvider('Build', 'JenkinsProvider', 'Custom')?.provider).toBe('*');
    expect(findProvider('Deploy', 'AlexaSkillsKit', 'ThirdParty')?.owner).toBe('ThirdParty');
    expect(findProvider('Source', 'MySource', 'Custom')).toBeUndefined();
  });
});

describe('CodeBuild (typed)', () => {
  test('an existing project: batch build, combined artifacts, a buildspec override and no build output', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({
        project: codebuild.Project.fromProjectName(stack, 'Given', 'shop-batch'),
        batchBuild: true,
        combineBatchArtifacts: true,
        buildSpecOverride: 'buildspec-batch.yml',
        buildOutput: false,
      }),
    }));
    const build = actionDeclaration(template, 'Build');
    expect(build.Configuration).toEqual({
      ProjectName: 'shop-batch', BatchEnabled: 'true', CombineArtifacts: 'true', BuildspecOverride: 'buildspec-batch.yml',
    });
    expect(build.OutputArtifacts).toBeUndefined();
  });

  test('a test declares outputs; batchBuild false is written as given', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      tests: [Test.codeBuild({
        actionName: 'Unit',
        project: codebuild.Project.fromProjectName(stack, 'Given', 'shop-test'),
        input: PipelineArtifact.SOURCE_OUTPUT,
        additionalOutputs: [{ name: 'Reports' }],
        batchBuild: false,
      })],
    }));
    const unit = actionDeclaration(template, 'Unit');
    expect(unit.OutputArtifacts).toEqual([{ Name: 'Unit_Reports' }]);
    expect(unit.Configuration).toMatchObject({ ProjectName: 'shop-test', BatchEnabled: 'false' });
  });

  test("an action secret's JSON key is written after the secret; the project may read exactly that secret", () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({
        commands: ['make'],
        actionSecrets: { TOKEN: secretsmanager.Secret.fromSecretNameV2(stack, 'Token', 'shop/tokens') },
        actionSecretJsonKeys: { TOKEN: 'npm' },
      }),
    }));
    const configuration = JSON.stringify(actionDeclaration(template, 'Build').Configuration.EnvironmentVariables);
    expect(configuration).toContain('secret:shop/tokens:npm');
  });

  test('actionSecretJsonKeys must name an action secret', () => {
    expect(() => synthPipeline(stack => ({
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'], actionSecretJsonKeys: { TOKEN: 'npm' } }),
    }))).toThrow(/actionSecretJsonKeys names 'TOKEN', which is not a variable of 'actionSecrets'/);
  });
});

describe('CodeBuild (pipeline file)', () => {
  test('every key of the page is rendered as given; a secret with a JSON key is built', () => {
    const { template } = synthSpec(spec(stage('Build', `name: Batch
actionType: Build
provider: CodeBuild
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: Out1 }, { name: Out2 }]
configuration:
  ProjectName: shop-batch
  BatchEnabled: 'true'
  CombineArtifacts: 'true'
  BuildspecOverride: buildspec-batch.yml
  EnvironmentVariables: '[{"name":"TOKEN","value":"shop/tokens:npm","type":"SECRETS_MANAGER"}]'`)));
    const batch = actionDeclaration(template, 'Batch');
    expect(batch.Configuration).toMatchObject({ ProjectName: 'shop-batch', BatchEnabled: 'true', CombineArtifacts: 'true', BuildspecOverride: 'buildspec-batch.yml' });
    expect(JSON.stringify(batch.Configuration.EnvironmentVariables)).toContain('secret:shop/tokens:npm');
    expect(batch.OutputArtifacts).toHaveLength(2);
  });

  test('a build with no output artifact', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: Apply\nactionType: Build\nprovider: CodeBuild\ninputArtifacts: [{ name: Src }]\nconfiguration: { ProjectName: apply }')));
    expect(actionDeclaration(template, 'Apply').OutputArtifacts).toBeUndefined();
  });

  test('project settings with ProjectName are one rule with the typed API (one code)', () => {
    expect(specError(spec(stage('Build', 'name: B\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\nconfiguration: { ProjectName: shop }'))))
      .toMatch(/'commands' configures a project the library creates, but 'ProjectName' names an existing one/);
  });
});

describe('Commands', () => {
  test("the action's environmentVariables: plaintext and a secret with its JSON key; the role reads that secret by its name's ARN", () => {
    const { template } = synthSpec(spec(stage('Build', `name: Run
actionType: Compute
provider: Commands
commands: [make]
inputArtifacts: [{ name: Src }]
environmentVariables:
  - { name: STAGE, value: prod, type: PLAINTEXT }
  - { name: TOKEN, value: 'apiTokens:bedrockToken', type: SECRETS_MANAGER }`), '  pipelineType: V2\n'));
    const run = actionDeclaration(template, 'Run');
    expect(run.EnvironmentVariables[0]).toEqual({ Name: 'STAGE', Value: 'prod', Type: 'PLAINTEXT' });
    expect(run.EnvironmentVariables[1]).toMatchObject({ Name: 'TOKEN', Type: 'SECRETS_MANAGER' });
    expect(JSON.stringify(run.EnvironmentVariables[1].Value)).toContain('secret:apiTokens:bedrockToken');
    const statements = actionRoleStatements(template, 'Build', 'Run');
    const read = statements.find(s => s.Action === 'secretsmanager:GetSecretValue');
    expect(JSON.stringify(read.Resource)).toContain('secret:apiTokens-??????');
  });

  test('environmentVariables naming a variable twice is a problem naming it', () => {
    const withEnv = (entries: string) => specError(spec(stage('Build', `name: Run
actionType: Compute
provider: Commands
commands: [make]
inputArtifacts: [{ name: Src }]
environmentVariables: ${entries}`), '  pipelineType: V2\n'));
    expect(withEnv('[{ name: V, value: a }, { name: V, value: b, type: SECRETS_MANAGER }]')).toContain("environmentVariables names 'V' twice: give each variable once");
  });

  test('a Commands action declared in category Build stays in Build', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: Run\nactionType: Build\nprovider: Commands\ncommands: [make]\ninputArtifacts: [{ name: Src }]'), '  pipelineType: V2\n'));
    expect(actionDeclaration(template, 'Run').ActionTypeId).toMatchObject({ Category: 'Build', Provider: 'Commands' });
  });

  test('secretJsonKeys must name a secret', () => {
    expect(() => Build.commands({ commands: ['make'], secretJsonKeys: { TOKEN: 'k' } })).toThrow(/secretJsonKeys names 'TOKEN'/);
  });
});

describe('ECRBuildAndPublish', () => {
  test('a public repository: RegistryType public, the role may push to exactly that ECR Public repository', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      pipelineType: codepipeline.PipelineType.V2,
      buildStep: Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(stack, 'Public', 'shop-web'), {
        actionName: 'Image',
        registryType: actions.RegistryType.PUBLIC,
      }),
    }));
    expect(actionDeclaration(template, 'Image').Configuration).toMatchObject({ ECRRepositoryName: 'shop-web', RegistryType: 'public' });
    const statements = actionRoleStatements(template, 'Build', 'Image');
    const push = statements.find(s => Array.isArray(s.Action) && s.Action.includes('ecr-public:PutImage'));
    expect(JSON.stringify(push.Resource)).toContain(':ecr-public::');
    expect(JSON.stringify(push.Resource)).toContain(':repository/shop-web');
    expect(statements.some(s => JSON.stringify(s.Action).includes('ecr:PutImage'))).toBe(false);
  });

  test('the file: RegistryType public is built', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: Image\nactionType: Build\nprovider: ECRBuildAndPublish\ninputArtifacts: [{ name: Src }]\nconfiguration: { ECRRepositoryName: shop-web, RegistryType: public, ImageTags: \'a,b\' }'), '  pipelineType: V2\n'));
    expect(actionDeclaration(template, 'Image').Configuration).toMatchObject({ RegistryType: 'public', ImageTags: 'a,b' });
  });
});

describe('custom and third-party action types (pipeline file)', () => {
  test('a Jenkins action named by its provider, with its version and every output', () => {
    const { template } = synthSpec(spec(stage('Build', `name: Jenkins
actionType: Build
owner: Custom
provider: JenkinsProvider
version: '2'
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: A }, { name: B }]
configuration: { ProjectName: shop }`)));
    expect(actionDeclaration(template, 'Jenkins')).toMatchObject({
      ActionTypeId: { Category: 'Build', Owner: 'Custom', Provider: 'JenkinsProvider', Version: '2' },
      Configuration: { ProjectName: 'shop' },
      OutputArtifacts: [{ Name: 'Jenkins_Output' }, { Name: 'Jenkins_Output2' }],
    });
  });

  test('a third-party deploy keeps every key; a known type keeps its artifact bounds', () => {
    const { template } = synthSpec(spec(stage('Deploy', `name: Skill
actionType: Deploy
owner: ThirdParty
provider: AlexaSkillsKit
inputArtifacts: [{ name: Src }]
configuration: { ClientId: id, SkillId: skill, ClientSecret: '{{resolve:secretsmanager:alexa:SecretString:::}}' }`)));
    expect(actionDeclaration(template, 'Skill')).toMatchObject({
      ActionTypeId: { Category: 'Deploy', Owner: 'ThirdParty', Provider: 'AlexaSkillsKit', Version: '1' },
      Configuration: { ClientId: 'id', SkillId: 'skill' },
    });
    expect(specError(spec(stage('Deploy', 'name: Skill\nactionType: Deploy\nowner: ThirdParty\nprovider: AlexaSkillsKit\nconfiguration: { SkillId: s }'))))
      .toMatch(/stages\[1\]\.actions\[0\] \(line \d+, column \d+\): a Deploy action of provider AlexaSkillsKit takes 1 to 2 input artifact\(s\), found 0: fix inputArtifacts/);
  });
});
