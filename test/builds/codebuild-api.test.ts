import { Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ActionVariable, Build, DeliveryPipeline, Source, Test } from '../../src';
import { checkIam } from '../../src/iam/check';
import { spec, specError, synthSpec } from '../pipeline-file/helpers';
import { CONNECTION_ARN, synthPipeline, testStack } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });

function actions(template: Template): any[] {
  const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any;
  return pipeline.Properties.Stages.flatMap((s: any) => s.Actions.map((a: any) => ({ ...a, Stage: s.Name })));
}

function actionNamed(template: Template, name: string): any {
  return actions(template).find(a => a.Name === name);
}

function environmentOf(stack: Stack, action: any): any[] {
  return JSON.parse(stack.resolve(action.Configuration.EnvironmentVariables)['Fn::Join'] ? joinText(stack.resolve(action.Configuration.EnvironmentVariables)) : action.Configuration.EnvironmentVariables);
}

/** The text of a resolved Fn::Join, with references shown as `<ref>`. */
function joinText(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(joinText).join(value['Fn::Join'][0]);
  return '<ref>';
}

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('item 1: action environment variables', () => {
  test('actionEnvironment, actionSecrets and actionParameters become the action\'s EnvironmentVariables, with #{...} references', async () => {
    const stack = testStack();
    const app = source();
    const npmToken = secretsmanager.Secret.fromSecretNameV2(stack, 'Npm', 'shop/npm-token');
    const dbHost = ssm.StringParameter.fromStringParameterName(stack, 'DbHost', '/shop/db-host');
    new DeliveryPipeline(stack, 'Pipeline', {
      source: app,
      buildStep: Build.codeBuild({ commands: ['make'], variablesNamespace: 'BuildVariables', exportedVariables: ['VERSION'] }),
      tests: [Test.codeBuild({
        actionName: 'Integration',
        commands: ['make it'],
        actionEnvironment: { VERSION: '#{BuildVariables.VERSION}', BRANCH: ActionVariable.of(app, 'BranchName').reference() },
        actionSecrets: { NPM_TOKEN: npmToken },
        actionParameters: { DB_HOST: dbHost },
      })],
    });
    const template = Template.fromStack(stack);
    const variables = environmentOf(stack, actionNamed(template, 'Integration'));
    expect(variables).toEqual([
      { name: 'VERSION', type: 'PLAINTEXT', value: '#{BuildVariables.VERSION}' },
      { name: 'BRANCH', type: 'PLAINTEXT', value: '#{shop.BranchName}' },
      { name: 'NPM_TOKEN', type: 'SECRETS_MANAGER', value: 'arn:<ref>:secretsmanager:eu-west-1:111111111111:secret:shop/npm-token' },
      { name: 'DB_HOST', type: 'PARAMETER_STORE', value: '/shop/db-host' },
    ]);
    // The test project's role may read exactly that secret and that parameter.
    const policies = JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).toContain('secret:shop/npm-token-??????');
    expect(policies).toContain(':parameter/shop/db-host');
    expect(policies).not.toContain('secret:shop/npm-token*');
    const report = await checkIam(stack, { requireCalls: true });
    expect(report.findings.map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    const calls = report.roles.find(r => r.role.endsWith('Integration/ProjectRole'))!.calls.map(c => `${c.action} ${c.decision}`);
    expect(calls).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue Allowed', 'ssm:GetParameters Allowed']));
  });

  test('a #{...} reference in a project variable is an error naming actionEnvironment', () => {
    const message = error(() => synthPipeline(() => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'], environment: { ARTIFACTS_PATH: '#{BuildVariables.ARTIFACTS_PATH}' } }),
    })));
    expect(message).toContain('Test/Pipeline/Build/Build');
    expect(message).toContain("environment.ARTIFACTS_PATH is '#{BuildVariables.ARTIFACTS_PATH}'");
    expect(message).toContain('actionEnvironment: { ARTIFACTS_PATH: ... }');
  });

  test('so is ActionVariable.of(...).reference() as a project variable', () => {
    const app = source();
    const message = error(() => synthPipeline(() => ({
      source: app,
      buildStep: Build.codeBuild({ commands: ['make'], environment: { BRANCH: ActionVariable.of(app, 'BranchName').reference() } }),
    })));
    expect(message).toContain("environment.BRANCH is '#{shop.BranchName}'");
  });

  test('an action variable referencing a namespace no earlier action has is a synth error', () => {
    expect(() => synthPipeline(() => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'], actionEnvironment: { VERSION: '#{Nowhere.VERSION}' } }),
    }))).toThrow(/no action before it has the variables namespace 'Nowhere'/);
  });

  test('a name given in two action variable kinds is an error', () => {
    const stack = testStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'], actionEnvironment: { X: 'a' }, actionSecrets: { X: secret } }),
    })).toThrow(/'X' is given both in 'actionEnvironment' and in 'actionSecrets'/);
  });

  test('the pipeline file accepts CodeBuild\'s EnvironmentVariables (JSON) for created and existing projects', () => {
    const env = JSON.stringify([
      { name: 'STAGE', value: 'prod' },
      { name: 'COMMIT', value: '#{codepipeline.PipelineExecutionId}', type: 'PLAINTEXT' },
      { name: 'API_KEY', value: 'shop/api-key', type: 'SECRETS_MANAGER' },
      { name: 'DB_HOST', value: '/shop/db-host', type: 'PARAMETER_STORE' },
    ]);
    const text = spec(`${compileStage(env)}        - name: Package
          actionType: Build
          provider: CodeBuild
          inputArtifacts: [{ name: Src }]
          configuration:
            ProjectName: shop-package
            EnvironmentVariables: '[{"name":"STAGE","value":"prod"}]'
`);
    const { template } = synthSpec(text);
    const stack = testStack();
    const compile = actionNamed(template, 'Compile');
    const text1 = joinText(stack.resolve(compile.Configuration.EnvironmentVariables));
    expect(JSON.parse(text1)).toEqual([
      { name: 'STAGE', type: 'PLAINTEXT', value: 'prod' },
      { name: 'COMMIT', type: 'PLAINTEXT', value: '#{codepipeline.PipelineExecutionId}' },
      { name: 'API_KEY', type: 'SECRETS_MANAGER', value: 'arn:<ref>:secretsmanager:eu-west-1:111111111111:secret:shop/api-key' },
      { name: 'DB_HOST', type: 'PARAMETER_STORE', value: '/shop/db-host' },
    ]);
    expect(JSON.parse(joinText(actionNamed(template, 'Package').Configuration.EnvironmentVariables))).toEqual([{ name: 'STAGE', type: 'PLAINTEXT', value: 'prod' }]);
  });

  test('the pipeline file: EnvironmentVariables that is not a JSON array, or has an unknown type, is a problem', () => {
    const withEnv = (value: string) => spec(compileStage(value));
    expect(specError(withEnv('STAGE=prod'))).toContain("'EnvironmentVariables' must be a JSON object or array");
    expect(specError(withEnv('{"STAGE":"prod"}'))).toContain('EnvironmentVariables must be a JSON array');
    expect(specError(withEnv('[{"name":"X","value":"y","type":"PLAIN"}]'))).toContain("has type 'PLAIN'");
  });
});

/** A pipeline file's Build stage whose CodeBuild action 'Compile' has the given EnvironmentVariables. */
function compileStage(environmentVariables: string): string {
  return `    - name: Build
      actions:
        - name: Compile
          actionType: Build
          provider: CodeBuild
          commands: [make]
          inputArtifacts: [{ name: Src }]
          outputArtifacts: [{ name: App }]
          configuration:
            EnvironmentVariables: '${environmentVariables}'
`;
}

describe('item 2: a handle on what a step created', () => {
  test('projectOf / roleOf by step and by name; a grant lands on that project\'s role', () => {
    const stack = testStack();
    const build = Build.codeBuild({ commands: ['docker build .'] });
    const unit = Test.codeBuild({ actionName: 'Unit', commands: ['npm test'] });
    const delivery = new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: build, tests: [unit] });
    const repository = ecr.Repository.fromRepositoryName(stack, 'Repo', 'shop');
    expect(delivery.projectOf(build)).toBe(delivery.projectNamed('Build'));
    expect(delivery.projectOf(unit)).toBe(delivery.projectNamed('Unit', 'Test'));
    expect(delivery.projectOf(unit)).not.toBe(delivery.projectOf(build));
    expect(delivery.roleOf(build)).toBe(delivery.projectOf(build).role);
    expect(delivery.roleNamed('Unit')).toBe(delivery.projectOf(unit).role);
    // The source's role is its action's role.
    expect(delivery.roleNamed('shop')).toBeDefined();
    repository.grantPullPush(delivery.projectOf(build));
    const template = Template.fromStack(stack);
    const buildRole = stack.getLogicalId(delivery.roleOf(build).node.defaultChild as iam.CfnRole);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).concat(Object.values(template.findResources('AWS::IAM::ManagedPolicy')))
      .filter((p: any) => JSON.stringify(p.Properties.Roles ?? []).includes(buildRole))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).toContain('ecr:PutImage');
  });

  test('unknown or ambiguous names are errors naming the fix', () => {
    const stack = testStack();
    const delivery = new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      stages: [{ stageName: 'Again', steps: [Build.codeBuild({ commands: ['make'] })] }],
    });
    expect(error(() => delivery.projectNamed('Buidl'))).toContain("did you mean 'Build'");
    expect(error(() => delivery.projectNamed('Build'))).toContain("projectNamed('Build', 'Build')");
    expect(error(() => delivery.projectNamed('shop'))).toContain('runs no CodeBuild project');
    expect(error(() => delivery.projectOf(Build.codeBuild({ commands: ['x'] })))).toContain('is not a step of this pipeline');
  });

  test('rolePolicyStatements land on the project\'s role', () => {
    const { template } = synthPipeline(() => ({
      source: source(),
      buildStep: Build.codeBuild({
        commands: ['make'],
        rolePolicyStatements: [new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] })],
      }),
    }));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('BuildProjectRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })]) },
    });
  });

  test('Tags.of(pipeline) tags the pipeline and its projects', () => {
    const stack = testStack();
    const delivery = new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: Build.codeBuild({ commands: ['make'] }) });
    Tags.of(delivery).add('team', 'shop');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', { Tags: Match.arrayWith([{ Key: 'team', Value: 'shop' }]) });
    template.hasResourceProperties('AWS::CodeBuild::Project', { Tags: Match.arrayWith([{ Key: 'team', Value: 'shop' }]) });
  });
});

describe('item 3: existing and shared CodeBuild projects', () => {
  test('one project for several actions, each with its own action variables; alarmed once', () => {
    const stack = testStack();
    const shared = new codebuild.PipelineProject(stack, 'Deployer', { buildSpec: codebuild.BuildSpec.fromSourceFilename('deploy.yml') });
    const delivery = new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      stages: [
        { stageName: 'Staging', steps: [Build.codeBuild({ project: shared, actionName: 'Deploy', actionEnvironment: { STAGE: 'staging' } })] },
        { stageName: 'Production', steps: [Build.codeBuild({ project: shared, actionName: 'Deploy', actionEnvironment: { STAGE: 'production' } })] },
      ],
    });
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::CodeBuild::Project')).toEqual({ [stack.getLogicalId(shared.node.defaultChild as codebuild.CfnProject)]: expect.anything() });
    const deploys = actions(template).filter(a => a.Name === 'Deploy');
    const ref = { Ref: stack.getLogicalId(shared.node.defaultChild as codebuild.CfnProject) };
    expect(deploys.map(a => a.Configuration.ProjectName)).toEqual([ref, ref]);
    expect(deploys.map(a => JSON.parse(a.Configuration.EnvironmentVariables)[0].value)).toEqual(['staging', 'production']);
    expect(delivery.projects).toEqual([shared]);
    expect(delivery.projectNamed('Deploy', 'Production')).toBe(shared);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    // CodeBuild checks the bucket's owner with the project's role.
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('s3:GetBucketAcl');
  });

  test('an imported project: exact action-role grants, recorded and simulated; no project created', async () => {
    const stack = testStack();
    const imported = codebuild.Project.fromProjectName(stack, 'Imported', 'shop-integration');
    new DeliveryPipeline(stack, 'Pipeline', { source: source(), tests: [Test.codeBuild({ actionName: 'Integration', project: imported })] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CodeBuild::Project', 0);
    expect(actionNamed(template, 'Integration').Configuration.ProjectName).toBe('shop-integration');
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codebuild:eu-west-1:111111111111:project/shop-integration']] },
        })]),
      },
    });
    const report = await checkIam(stack, { requireCalls: true });
    expect(report.findings.map(f => `${f.kind} ${f.role}: ${f.message}`)).toEqual([]);
    const role = report.roles.find(r => r.role.endsWith('CodeBuildActionRole'))!;
    expect(role.calls.map(c => `${c.action} ${c.decision}`)).toEqual(expect.arrayContaining(['codebuild:StartBuild Allowed']));
  });

  test('an imported project with action secrets warns what its role must allow', () => {
    const stack = testStack();
    const imported = codebuild.Project.fromProjectName(stack, 'Imported', 'shop-integration');
    new DeliveryPipeline(stack, 'Pipeline', {
      source: source(),
      tests: [Test.codeBuild({ actionName: 'Integration', project: imported, actionSecrets: { TOKEN: secretsmanager.Secret.fromSecretNameV2(stack, 'T', 'shop/token') } })],
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('secretsmanager:GetSecretValue on shop/token'));
  });

  test('project settings with a given project are an error; projectName names the created project', () => {
    const stack = testStack();
    const imported = codebuild.Project.fromProjectName(stack, 'Imported', 'shop-build');
    expect(() => new DeliveryPipeline(stack, 'Pipeline', { source: source(), buildStep: Build.codeBuild({ project: imported, commands: ['make'] }) }))
      .toThrow(/'project' runs an existing project, but 'commands' configures a project the library creates/);
    const { template } = synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], projectName: 'shop-build' }) }));
    template.hasResourceProperties('AWS::CodeBuild::Project', { Name: 'shop-build' });
    expect(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], projectName: 'shop build' }) })))
      .toThrow(/projectName must be 2 to 255 letters/);
  });
});

describe('item 8: secrets', () => {
  test('notSecrets opts a variable whose name sounds like a secret out of the name check', () => {
    const { template } = synthPipeline(() => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'], environment: { SECRET_ID: 'shop/npm-token' }, notSecrets: ['SECRET_ID'] }),
    }));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ EnvironmentVariables: [{ Name: 'SECRET_ID', Type: 'PLAINTEXT', Value: 'shop/npm-token' }] }),
    });
  });

  test('a name-based match says to rename or opt out; a token-like value says to move it to Secrets Manager', () => {
    const byName = error(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], environment: { SECRET_ID: 'shop/npm-token' } }) })));
    expect(byName).toContain("its name looks like a secret's");
    expect(byName).toContain("list it in 'notSecrets: ['SECRET_ID']'");
    const token = `ghp_${'a'.repeat(36)}`;
    const byValue = error(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], environment: { GH: token } }) })));
    expect(byValue).toContain('its value looks like a GitHub token');
    expect(byValue).toContain('secrets: { GH: secret }');
    expect(byValue).not.toContain('rename');
    expect(byValue).not.toContain(token);
    // The opt-out does not cover a credential-format value.
    const optedOut = error(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], environment: { GH: token }, notSecrets: ['GH'] }) })));
    expect(optedOut).toContain("'notSecrets' skips the name check only");
  });

  test('action variables are checked too, and notSecrets entries must name a variable', () => {
    expect(error(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], actionEnvironment: { API_TOKEN: 'abc' } }) }))))
      .toContain('actionSecrets: { API_TOKEN: secret }');
    expect(error(() => synthPipeline(() => ({ source: source(), buildStep: Build.codeBuild({ commands: ['make'], environment: { SECRET_ID: 'x' }, notSecrets: ['SECRETID'] }) }))))
      .toContain("'notSecrets' lists 'SECRETID'");
  });

  test('the pipeline file takes notSecrets next to variables', () => {
    const action = (extra: string) => spec(`    - name: Build
      actions:
        - name: Compile
          actionType: Build
          provider: CodeBuild
          commands: [make]
          inputArtifacts: [{ name: Src }]
          outputArtifacts: [{ name: App }]
          variables: { SECRET_ID: shop/npm-token }
${extra}`);
    expect(specError(action(''))).toContain("list it in 'notSecrets: ['SECRET_ID']'");
    const { template } = synthSpec(action('          notSecrets: [SECRET_ID]\n'));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({ EnvironmentVariables: [{ Name: 'SECRET_ID', Type: 'PLAINTEXT', Value: 'shop/npm-token' }] }),
    });
  });

  test('Build.commands takes notSecrets too', () => {
    expect(() => synthPipeline(() => ({ source: source(), buildStep: Build.commands({ commands: ['make'], environment: { SECRET_ID: 'shop/npm-token' }, notSecrets: ['SECRET_ID'] }) })))
      .not.toThrow();
  });
});
