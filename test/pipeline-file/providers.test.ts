import { Match, Template } from 'aws-cdk-lib/assertions';
import { spec, specError, stage, synthSpec } from './helpers';
import { DeliveryPipeline, MissingValues } from '../../src';
import { CONNECTION_ARN, importedService, testStack } from '../util';

const pipelineStages = (template: any) => template.findResources('AWS::CodePipeline::Pipeline');

describe('spec providers', () => {
  test('commands create a CodeBuild project with the library defaults; secrets come from Secrets Manager', () => {
    const { template } = synthSpec(spec(stage('Build', `name: Compile
actionType: Build
provider: CodeBuild
commands: [npm ci, npm run build]
variables: { STAGE: prod, RETRIES: 3, DEBUG: false }
secrets: { NPM_TOKEN: shop/npm-token, API_KEY: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:api-AbCdEf' }
inputArtifacts: [{ name: Src }]
outputArtifacts: [{ name: App }]`)));
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Environment: Match.objectLike({
        ComputeType: 'BUILD_GENERAL1_SMALL',
        EnvironmentVariables: Match.arrayWith([
          { Name: 'STAGE', Type: 'PLAINTEXT', Value: 'prod' },
          { Name: 'RETRIES', Type: 'PLAINTEXT', Value: '3' },
          { Name: 'DEBUG', Type: 'PLAINTEXT', Value: 'false' },
          Match.objectLike({ Name: 'NPM_TOKEN', Type: 'SECRETS_MANAGER' }),
          { Name: 'API_KEY', Type: 'SECRETS_MANAGER', Value: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:api-AbCdEf' },
        ]),
      }),
      Source: Match.objectLike({ BuildSpec: Match.stringLikeRegexp('npm run build') }),
    });
  });

  test('Test actions create a CodeBuild test project named after the action', () => {
    const { template } = synthSpec(spec(stage('Test', 'name: Unit\nactionType: Test\nprovider: CodeBuild\ncommands: [npm test]\ninputArtifacts: [{ name: Src }]')));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Name: 'Test', Actions: [Match.objectLike({ Name: 'Unit', ActionTypeId: Match.objectLike({ Category: 'Test' }) })] })]),
    });
  });

  test('ProjectName runs an existing project with a least-privilege action role', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\nconfiguration: { ProjectName: shop-build }\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: App }]')));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Name: 'Compile', Configuration: { ProjectName: 'shop-build' } })] })]),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild', 'codebuild:StopBuild'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':codebuild:eu-west-1:111111111111:project/shop-build']] },
        })]),
      },
    });
  });

  test('a consumer of a second output of an existing project reads that output, not the first', () => {
    const { template } = synthSpec(spec(
      stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\nconfiguration: { ProjectName: shop-build }\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: App }, { name: Docs }]')
      + stage('Check', 'name: DocsCheck\nactionType: Test\nprovider: CodeBuild\ncommands: [make check]\ninputArtifacts: [{ name: Docs }]')
      + stage('Verify', 'name: AppCheck\nactionType: Test\nprovider: CodeBuild\ncommands: [make verify]\ninputArtifacts: [{ name: App }]'),
    ));
    const stages = (Object.values(pipelineStages(template))[0] as any).Properties.Stages;
    const action = (name: string) => stages.flatMap((st: any) => st.Actions).find((x: any) => x.Name === name);
    expect(action('Compile').OutputArtifacts).toEqual([{ Name: 'Compile_Output' }, { Name: 'Compile_Output2' }]);
    expect(action('DocsCheck').InputArtifacts).toEqual([{ Name: 'Compile_Output2' }]);
    expect(action('AppCheck').InputArtifacts).toEqual([{ Name: 'Compile_Output' }]);
  });

  test('actions of the same name in two stages: each consumer reads the artifact its spec names', () => {
    const pack = (stageName: string) => stage(stageName, `name: Pack\nactionType: Build\nprovider: CodeBuild\nconfiguration: { ProjectName: shop-build }\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: ${stageName}App }, { name: ${stageName}Docs }]`);
    const check = (stageName: string, name: string, input: string) =>
      stage(stageName, `name: ${name}\nactionType: Test\nprovider: CodeBuild\ncommands: [make check]\ninputArtifacts: [{ name: ${input} }]`);
    const { template } = synthSpec(spec(pack('Beta') + pack('Prod') + check('Verify', 'BetaDocsCheck', 'BetaDocs') + check('Verify2', 'ProdAppCheck', 'ProdApp')));
    const stages = (Object.values(pipelineStages(template))[0] as any).Properties.Stages;
    const action = (name: string) => stages.flatMap((st: any) => st.Actions).find((x: any) => x.Name === name);
    expect(stages.find((st: any) => st.Name === 'Prod').Actions[0].OutputArtifacts).toEqual([{ Name: 'Prod_Pack_Output' }, { Name: 'Prod_Pack_Output2' }]);
    expect(action('BetaDocsCheck').InputArtifacts).toEqual([{ Name: 'Pack_Output2' }]);
    expect(action('ProdAppCheck').InputArtifacts).toEqual([{ Name: 'Prod_Pack_Output' }]);
  });

  test('OrganizationsAutoDeployment reaches the stack set action for organizational units', () => {
    const { template } = synthSpec(spec(stage('Baseline', `name: Baseline
actionType: Deploy
provider: CloudFormationStackSet
configuration: { StackSetName: baseline, TemplatePath: 'Src::baseline.json', DeploymentTargets: ou-ab12-cdef3456, Regions: eu-west-1, OrganizationsAutoDeployment: EnabledWithStackRetention }
inputArtifacts: [{ name: Src }]`)));
    const stages = (Object.values(pipelineStages(template))[0] as any).Properties.Stages;
    const baseline = stages.find((st: any) => st.Name === 'Baseline').Actions[0];
    expect(baseline.Configuration).toMatchObject({ PermissionModel: 'SERVICE_MANAGED', OrganizationsAutoDeployment: 'EnabledWithStackRetention' });
  });

  test('a CloudFormation deploy reads the inputs it declares: none is invented, none dropped', () => {
    const cfn = (inputs: string) => stage('Deploy', `name: Stack\nactionType: Deploy\nprovider: CloudFormation\nconfiguration: { StackName: shop, TemplatePath: t.json, RoleArn: 'arn:aws:iam::111111111111:role/cfn' }${inputs}`);
    expect(specError(spec(cfn('')))).toMatch(/TemplatePath 't\.json' names no input artifact and the action has none: write it as InputArtifact::path/);
    // A second input (e.g. a Lambda function's code the template reads) is an input of the action.
    const build = stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: App }]');
    const { template } = synthSpec(spec(build + cfn('\ninputArtifacts: [{ name: Src }, { name: App }]')));
    const stages = (Object.values(pipelineStages(template))[0] as any).Properties.Stages;
    const action = stages.find((st: any) => st.Name === 'Deploy').Actions[0];
    expect(action.InputArtifacts).toEqual([{ Name: 'Checkout_Output' }, { Name: 'Compile_Output' }]);
    expect(action.Configuration.TemplatePath).toBe('Checkout_Output::t.json');
  });

  test('ProjectName with keys of a created project is a conflict', () => {
    expect(specError(spec(stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\nconfiguration: { ProjectName: shop-build }\ninputArtifacts: [{ name: Src }]'))))
      .toMatch(/stages\[1\]\.actions\[0\]\.commands \(line 18, column 11\): 'commands' configures a project the library creates, but 'ProjectName' names an existing one/);
  });

  test('roleArn: the action of a project the library creates runs as the given role too', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\nroleArn: arn:aws:iam::111111111111:role/x\ninputArtifacts: [{ name: Src }]')));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Build',
        Actions: [Match.objectLike({ Name: 'Compile', RoleArn: 'arn:aws:iam::111111111111:role/x' })],
      })]),
    });
    template.resourceCountIs('AWS::CodeBuild::Project', 1);
  });

  test('unknown configuration keys are errors with a suggestion', () => {
    expect(specError(spec(stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\nconfiguration: { ProjectNme: x }\ninputArtifacts: [{ name: Src }]'))))
      .toMatch(/stages\[1\]\.actions\[0\]\.configuration\.ProjectNme \(line 18, column 28\): AWS CodeBuild has no configuration key 'ProjectNme' \(did you mean 'ProjectName'\?\)/);
  });

  test('unsupported providers name the supported ones', () => {
    expect(specError(spec(stage('Build', 'name: Compile\nactionType: Build\nprovider: Jenkins\ninputArtifacts: [{ name: Src }]'))))
      .toMatch(/stages\[1\]\.actions\[0\]\.provider \(line 17, column 11\): the spec cannot build a Build action of provider 'Jenkins': use CodeBuild/);
  });

  test('keys that do not apply to a provider are errors', () => {
    expect(specError(spec(stage('Approve', 'name: Ok\nactionType: Approval\nprovider: Manual\ncommands: [make]'))))
      .toMatch(/'commands' does not apply to Manual approval actions: remove it/);
  });

  test('a CodeBuild test declares its outputs (secondary artifacts of the project the library creates)', () => {
    const { template } = synthSpec(spec(stage('Test', 'name: Unit\nactionType: Test\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: Reports }]')));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Test',
        Actions: [Match.objectLike({ Name: 'Unit', OutputArtifacts: [{ Name: 'Unit_Output1' }] })],
      })]),
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: { BuildSpec: Match.stringLikeRegexp('secondary-artifacts[\\s\\S]*Unit_Output1') },
    });
  });

  test('manual approvals: comment, review link, timeout, notify', () => {
    const { template } = synthSpec(spec(stage('Approve', `name: Review
actionType: Approval
provider: Manual
timeoutInMinutes: 480
notify: [ops@example.com]
configuration: { CustomData: Check staging, ExternalEntityLink: 'https://staging.example.com' }`)));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({
          Name: 'Review',
          TimeoutInMinutes: 480,
          Configuration: Match.objectLike({ CustomData: 'Check staging', ExternalEntityLink: 'https://staging.example.com' }),
        })],
      })]),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'ops@example.com', Protocol: 'email' });
  });

  test('an approval timeout out of range', () => {
    expect(specError(spec(stage('Approve', 'name: Review\nactionType: Approval\nprovider: Manual\ntimeoutInMinutes: 2')))).toMatch(
      /stages\[1\]\.actions\[0\] \(line 15, column 11\): an approval timeout must be a whole number of minutes from 5 to 86400/,
    );
  });

  test('ECS by ClusterName and ServiceName, with the task definition bound by name', () => {
    const stack = testStack();
    const { taskDefinition } = importedService(stack);
    const text = spec(stage('Build', 'name: Image\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: Img }]')
      + stage('Deploy', 'name: Web\nactionType: Deploy\nprovider: ECS\nconfiguration: { ClusterName: shop, ServiceName: shop-web, DeploymentTimeout: 15 }\ninputArtifacts: [{ name: Img }]'));
    DeliveryPipeline.fromFile(stack, 'App', { text, connections: { default: CONNECTION_ARN }, taskDefinitions: { 'shop-web': taskDefinition } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({ Configuration: Match.objectLike({ ClusterName: 'shop', ServiceName: 'shop-web', DeploymentTimeout: 15 }) })],
      })]),
    });
  });

  test('ECS imported by name without its task definition: built, the role may pass the account\'s roles to ECS tasks only', () => {
    const { template } = synthSpec(spec(stage('Deploy', 'name: Web\nactionType: Deploy\nprovider: ECS\n'
      + 'configuration: { ClusterName: shop, ServiceName: shop-web, FileName: images.json }\ninputArtifacts: [{ name: Src }]')));
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({ Configuration: { ClusterName: 'shop', ServiceName: 'shop-web', FileName: 'images.json' } })],
      })]),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'ecs:RegisterTaskDefinition', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111111111111:task-definition/*']] } }),
          Match.objectLike({
            Action: 'iam:PassRole',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/*']] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
          }),
        ]),
      }),
    });
  });

  test('S3 deploys, CloudFormation deploys, Lambda and Step Functions invokes', () => {
    const { template } = synthSpec(spec(
      stage('Deploy', `name: Site
actionType: Deploy
provider: S3
configuration: { BucketName: shop-site, Extract: 'true' }
inputArtifacts: [{ name: Src }]`)
      + stage('Infra', `name: Stack
actionType: Deploy
provider: CloudFormation
configuration:
  StackName: shop-prod
  TemplatePath: Src::template.json
  RoleArn: arn:aws:iam::111111111111:role/cfn-deploy
  ParameterOverrides: '{"Env": "prod"}'
  Capabilities: CAPABILITY_IAM
inputArtifacts: [{ name: Src }]`)
      + stage('Invoke', `name: Smoke
actionType: Invoke
provider: Lambda
configuration: { FunctionName: smoke-test, UserParameters: '{"url": "https://shop.example"}' }`)
      + stage('Checks', `name: Release
actionType: Invoke
provider: StepFunctions
configuration: { StateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:checks', Input: '{"stage": "prod"}' }`)));
    const stages = Object.values(pipelineStages(template))[0] as any;
    const providers = stages.Properties.Stages.map((s: any) => s.Actions.map((a: any) => a.ActionTypeId.Provider).join(','));
    expect(providers).toEqual(['CodeStarSourceConnection', 'S3', 'CloudFormation', 'Lambda', 'StepFunctions']);
    const infra = stages.Properties.Stages[2].Actions[0].Configuration;
    expect(infra).toMatchObject({ StackName: 'shop-prod', TemplatePath: 'Checkout_Output::template.json', Capabilities: 'CAPABILITY_IAM', ParameterOverrides: '{"Env":"prod"}' });
  });

  test('CodeCommit, S3 and ECR sources', () => {
    const text = `pipeline:
  stages:
    - name: Source
      actions:
        - { name: Repo, actionType: Source, provider: CodeCommit, outputArtifacts: [{ name: A }], configuration: { RepositoryName: shop, BranchName: main } }
        - { name: Zip, actionType: Source, provider: S3, outputArtifacts: [{ name: B }], configuration: { S3Bucket: shop-releases, S3ObjectKey: app.zip } }
        - { name: Image, actionType: Source, provider: ECR, outputArtifacts: [{ name: C }], configuration: { RepositoryName: shop, ImageTag: release } }
    - name: Build
      actions:
        - { name: B, actionType: Build, provider: CodeBuild, commands: [make], inputArtifacts: [{ name: A }, { name: B }, { name: C }] }
`;
    const { template } = synthSpec(text);
    const stages = (Object.values(pipelineStages(template))[0] as any).Properties.Stages;
    expect(stages[0].Actions.map((a: any) => a.ActionTypeId.Provider)).toEqual(['CodeCommit', 'S3', 'ECR']);
    expect(stages[1].Actions[0].InputArtifacts).toHaveLength(3);
  });

  test('missing configuration is a deploy-time parameter, or with MissingValues.ERROR an error saying where to put it', () => {
    const text = spec(stage('Deploy', 'name: Site\nactionType: Deploy\nprovider: S3\ninputArtifacts: [{ name: Src }]'));
    expect(specError(text, { missingValues: MissingValues.ERROR }))
      .toMatch(/configuration 'BucketName' is required for this provider \(e.g. 'shop-site'\): add it under 'configuration', or pass PipelineFileOptions.configuration\['Site.BucketName'\]/);
    const { template } = synthSpec(text);
    expect(template.toJSON().Parameters.DeploySiteBucketName).toEqual({
      Type: 'String',
      Description: "BucketName of the S3 action 'Site' (stage 'Deploy'): The bucket to deploy into. (e.g. shop-site)",
    });
    const actions = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages[1].Actions;
    expect(actions[0].Configuration.BucketName).toEqual({ Ref: 'DeploySiteBucketName' });
  });

  test('booleans and JSON values are checked', () => {
    expect(specError(spec(stage('Deploy', "name: Site\nactionType: Deploy\nprovider: S3\nconfiguration: { BucketName: shop-site, Extract: 'yes' }\ninputArtifacts: [{ name: Src }]"))))
      .toMatch(/'Extract' must be true or false, got 'yes'/);
    // UserParameters is any string (CodePipeline passes it verbatim): see test/invokes/pipeline-file.test.ts.
    expect(specError(spec(stage('Invoke', "name: Smoke\nactionType: Invoke\nprovider: CodePipeline\nconfiguration: { PipelineName: p, Variables: 'not-json' }"))))
      .toMatch(/'Variables' must be a JSON object or array, got 'not-json'/);
  });

  test('connections: by name in PipelineFileOptions.connections, by ARN in configuration', () => {
    const text = `pipeline:
  stages:
    - name: Source
      actions:
        - name: App
          actionType: Source
          provider: GitHub
          outputArtifacts: [{ name: A }]
          configuration: { ConnectionArn: github-acme, FullRepositoryId: acme/shop, BranchName: main }
    - name: Build
      actions:
        - { name: B, actionType: Build, provider: CodeBuild, commands: [make], inputArtifacts: [{ name: A }] }
`;
    const { template } = synthSpec(text, { connections: { 'github-acme': CONNECTION_ARN } });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({
          ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }),
          Configuration: Match.objectLike({ ConnectionArn: CONNECTION_ARN, FullRepositoryId: 'acme/shop', BranchName: 'main' }),
        })],
      })]),
    });
    expect(specError(text, { connections: { 'github-acmee': CONNECTION_ARN } }))
      .toMatch(/ConnectionArn 'github-acme' is neither a connection ARN nor a name in PipelineFileOptions.connections \(did you mean 'github-acmee'\?\)/);
    const byArn = synthSpec(text.replace('ConnectionArn: github-acme', `ConnectionArn: '${CONNECTION_ARN}'`), { connections: {} }).template;
    const given = Object.values(byArn.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages[0].Actions[0];
    expect(given.Configuration.ConnectionArn).toBe(CONNECTION_ARN);
  });

  test('GitHub version 1 keys are refused with the connection keys to use; an OAuthToken is called a stored secret', () => {
    const text = spec('').replace('FullRepositoryId: acme/shop\n            BranchName: main', 'Owner: acme\n            Repo: shop\n            Branch: main');
    expect(specError(text)).toMatch(
      /configuration\.Owner \(line \d+, column \d+\): Owner, Repo, Branch belong to the deprecated GitHub \(version 1\) action: a pipeline file builds a CodeConnections source: give 'ConnectionArn' \(or a name in PipelineFileOptions.connections\), 'FullRepositoryId' \('<owner>\/<repo>', e.g. 'acme\/shop'\) and 'BranchName' instead/);
    expect(specError(spec('').replace('BranchName: main', 'BranchName: main\n            OAuthToken: x'))).toMatch(
      /configuration\.OAuthToken \(line \d+, column \d+\): OAuthToken belongs to the deprecated GitHub \(version 1\) action, whose OAuthToken is a long-lived secret stored in the pipeline/);
  });

  test('PipelineFileOptions.configuration overrides by Action.Key and Stage.Action.Key', () => {
    const { template } = synthSpec(spec(stage('Build', 'name: B\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]')), { configuration: { 'Checkout.BranchName': 'develop', 'Source.Checkout.FullRepositoryId': 'acme/web' } });
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: Match.objectLike({ BranchName: 'develop', FullRepositoryId: 'acme/web' }) })] })]),
    });
  });

  test('the first stage may have any name', () => {
    const { template } = synthSpec(spec(stage('Deploy', 'name: Site\nactionType: Deploy\nprovider: S3\nconfiguration: { BucketName: shop-site }\ninputArtifacts: [{ name: Src }]'))
      .replace('- name: Source', '- name: Fetch'));
    const stages = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
    expect(stages.map((s: any) => s.Name)).toEqual(['Fetch', 'Deploy']);
  });

  test('values aws-cdk-lib rejects become spec problems', () => {
    expect(specError(spec(stage('Deploy', 'name: Site\nactionType: Deploy\nprovider: S3\nconfiguration: { BucketName: x }\ninputArtifacts: [{ name: Src }]'))))
      .toMatch(/stages\[1\]\.actions\[0\] \(line 15, column 11\): Invalid S3 bucket name \(value: x\): Bucket name must be at least 3/);
  });

  test('an action in another region needs a replication bucket for that region', () => {
    const deploy = stage('Deploy', 'name: Site\nactionType: Deploy\nprovider: S3\nregion: us-east-1\nconfiguration: { BucketName: shop-site }\ninputArtifacts: [{ name: Src }]');
    expect(specError(spec(deploy)))
      .toMatch(/pipeline \(line 2, column 3\): Test\/App: step 'Site' of stage 'Deploy' is in region us-east-1, but the pipeline is in eu-west-1[^\n]*artifacts\.replicationBuckets/);
    const { template } = synthSpec(spec(deploy, '  artifacts:\n    replicationBuckets:\n      us-east-1: { bucketName: shop-artifacts-us-east-1 }\n'));
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties;
    expect(pipeline.Stages[1].Actions[0].Region).toBe('us-east-1');
    expect(pipeline.ArtifactStores.map((s: any) => s.Region).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('a consumer placed before its producer', () => {
    const text = spec(stage('Test', 'name: Unit\nactionType: Test\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: App }]')
      + stage('Build', 'name: Compile\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\noutputArtifacts: [{ name: App }]'));
    expect(specError(text)).toMatch(/stages\[1\]\.actions\[0\] \(line 15, column 11\): input artifact 'App' is produced by 'Compile' \(stages\[2\]\.actions\[0\]\), which does not run before 'Unit'/);
  });
});

describe('PipelineFileOptions.configuration targets', () => {
  test('a key naming no action is an error with a suggestion', () => {
    expect(specError(spec(''), { configuration: { 'Checkot.BranchName': 'main' } }))
      .toMatch(/PipelineFileOptions.configuration\['Checkot.BranchName'\]: 'Checkot' is not an action of the spec \(did you mean 'Checkout'\?\)/);
  });
});

describe('configuration values each provider checks', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['connection output format', 'name: X\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]\nconfiguration: { PrimarySource: Other }',
      /PrimarySource 'Other' is not one of the action's inputArtifacts \(Src\)/],
    ['commands and buildspec', 'name: X\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\nbuildspec: b.yml\ninputArtifacts: [{ name: Src }]',
      /give 'commands' or 'buildspec', not both/],
    ['ECS deployment timeout', 'name: X\nactionType: Deploy\nprovider: ECS\nconfiguration: { ClusterName: shop, ServiceName: shop-web, DeploymentTimeout: soon }\ninputArtifacts: [{ name: Src }]',
      /'DeploymentTimeout' must be a whole number from 1 to 60, got 'soon'/],
    ['ECS cluster', 'name: X\nactionType: Deploy\nprovider: ECS\nconfiguration: { ServiceName: shop-web }\ninputArtifacts: [{ name: Src }]',
      /configuration 'ClusterName' is required for this provider/],
    ['CloudFormation action mode', 'name: X\nactionType: Deploy\nprovider: CloudFormation\ninputArtifacts: [{ name: Src }]\n'
      + 'configuration: { ActionMode: CREATE_UPDAT, StackName: s, TemplatePath: Src::t.json, RoleArn: arn:aws:iam::111111111111:role/r }',
    /'ActionMode' must be one of CREATE_UPDATE, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE, CHANGE_SET_EXECUTE, DELETE_ONLY \(did you mean 'CREATE_UPDATE'\?\), got 'CREATE_UPDAT'/],
    ['CloudFormation template artifact', 'name: X\nactionType: Deploy\nprovider: CloudFormation\ninputArtifacts: [{ name: Src }]\n'
      + 'configuration: { StackName: s, TemplatePath: Build::t.json, RoleArn: arn:aws:iam::111111111111:role/r }',
    /TemplatePath reads artifact 'Build', which is not among the action's inputArtifacts \(Src\)/],
    ['CloudFormation capabilities', 'name: X\nactionType: Deploy\nprovider: CloudFormation\ninputArtifacts: [{ name: Src }]\n'
      + 'configuration: { StackName: s, TemplatePath: Src::t.json, RoleArn: arn:aws:iam::111111111111:role/r, Capabilities: CAPABILITY_IAMM }',
    /'Capabilities' lists 'CAPABILITY_IAMM', which is not one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND \(did you mean 'CAPABILITY_IAM'\?\)/],
    ['Step Functions input type', "name: X\nactionType: Invoke\nprovider: StepFunctions\nconfiguration: { StateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:m', InputType: File }",
      /'InputType' must be one of Literal, FilePath/],
    ['Step Functions file path without its artifact', "name: X\nactionType: Invoke\nprovider: StepFunctions\nconfiguration: { StateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:m', InputType: FilePath }",
      /InputType FilePath reads its Input file from an input artifact: declare it in inputArtifacts[\s\S]*configuration 'Input' is required for this provider \(e\.g\. 'assets\/input\.json'/],
  ];
  test.each(cases)('%s', (_, action, message) => {
    // A value left out is an error here (by default it becomes a deploy-time parameter).
    expect(specError(spec(stage('Later', action)), { missingValues: MissingValues.ERROR })).toMatch(message);
  });

  test('connection output format and triggers on non-connection sources', () => {
    expect(specError(spec(stage('Build', 'name: B\nactionType: Build\nprovider: CodeBuild\ncommands: [make]\ninputArtifacts: [{ name: Src }]'))
      .replace('BranchName: main', 'BranchName: main\n            OutputArtifactFormat: ZIP'))).toMatch(/'OutputArtifactFormat' must be one of CODE_ZIP, CODEBUILD_CLONE_REF, got 'ZIP'/);
    const s3Source = `pipeline:
  triggers: [{ sourceAction: Zip }]
  stages:
    - name: Source
      actions:
        - { name: Zip, actionType: Source, provider: S3, outputArtifacts: [{ name: A }], configuration: { S3Bucket: shop-releases, S3ObjectKey: app.zip } }
    - name: Build
      actions:
        - { name: B, actionType: Build, provider: CodeBuild, commands: [make], inputArtifacts: [{ name: A }] }
`;
    expect(specError(s3Source)).toMatch(/triggers start connection sources only, but 'Zip' has provider S3: remove the trigger/);
  });
});

describe('sources and manual approvals from a file: every key of their action reference pages', () => {
  const stagesOf = (template: Template) => Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
  const withSources = (sources: string, later = '') => `pipeline:
  stages:
    - name: Fetch
      actions:
${sources.replace(/^/gm, '        ')}
    - name: Gate
      actions:
        - { name: Ok, actionType: Approval, provider: Manual${later} }
`;

  test('CodeCommit PollForSourceChanges true polls, OutputArtifactFormat CODE_ZIP is written as given', () => {
    const { template } = synthSpec(withSources(
      "- { name: Repo, actionType: Source, provider: CodeCommit, outputArtifacts: [{ name: A }], configuration: { RepositoryName: shop, BranchName: main, PollForSourceChanges: 'true', OutputArtifactFormat: CODE_ZIP } }"));
    expect(stagesOf(template)[0].Actions[0].Configuration).toEqual({ RepositoryName: 'shop', BranchName: 'main', PollForSourceChanges: true, OutputArtifactFormat: 'CODE_ZIP' });
    expect(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.objectLike({ source: ['aws.codecommit'] }) } })).toEqual({});
  });

  test('S3 AllowOverrideForS3ObjectKey and PollForSourceChanges are written as given', () => {
    const { template } = synthSpec(withSources(
      "- { name: Zip, actionType: Source, provider: S3, outputArtifacts: [{ name: A }], configuration: { S3Bucket: shop-drop, S3ObjectKey: app.zip, PollForSourceChanges: 'true', AllowOverrideForS3ObjectKey: 'true' } }"));
    expect(stagesOf(template)[0].Actions[0].Configuration).toEqual({ S3Bucket: 'shop-drop', S3ObjectKey: 'app.zip', PollForSourceChanges: true, AllowOverrideForS3ObjectKey: true });
  });

  test('a connection source with DetectChanges false and CODEBUILD_CLONE_REF', () => {
    const { template } = synthSpec(withSources(
      "- { name: App, actionType: Source, provider: Bitbucket, outputArtifacts: [{ name: A }], configuration: { FullRepositoryId: acme/shop, BranchName: main, DetectChanges: 'false', OutputArtifactFormat: CODEBUILD_CLONE_REF } }"));
    const action = stagesOf(template)[0].Actions[0];
    expect(action.ActionTypeId.Provider).toBe('CodeStarSourceConnection');
    expect(action.Configuration).toMatchObject({ FullRepositoryId: 'acme/shop', BranchName: 'main', DetectChanges: false, OutputArtifactFormat: 'CODEBUILD_CLONE_REF' });
  });

  test('sources take namespace and roleArn; a later action reads the namespace\'s variables', () => {
    const { template } = synthSpec(withSources(
      '- { name: App, actionType: Source, provider: GitHub, namespace: SourceVariables, roleArn: \'arn:aws:iam::111111111111:role/source\', outputArtifacts: [{ name: A }], configuration: { FullRepositoryId: acme/shop, BranchName: main } }\n'
      + '- { name: Image, actionType: Source, provider: ECR, namespace: ImageVariables, outputArtifacts: [{ name: B }], configuration: { RepositoryName: shop, ImageTag: release } }',
      ", configuration: { CustomData: 'Commit #{SourceVariables.CommitId}, image #{ImageVariables.ImageURI}' }"));
    const [fetch, gate] = stagesOf(template);
    expect(fetch.Actions.map((a: any) => [a.Name, a.Namespace])).toEqual([['App', 'SourceVariables'], ['Image', 'ImageVariables']]);
    expect(fetch.Actions[0].RoleArn).toBe('arn:aws:iam::111111111111:role/source');
    expect(fetch.Actions[1].Configuration).toEqual({ RepositoryName: 'shop', ImageTag: 'release' });
    expect(gate.Actions[0].Configuration.CustomData).toBe('Commit #{SourceVariables.CommitId}, image #{ImageVariables.ImageURI}');
  });

  test('a manual approval notifies NotificationArn, and takes roleArn', () => {
    const topic = 'arn:aws:sns:eu-west-1:111111111111:approvals';
    const { template } = synthSpec(spec(`    - name: Gate
      actions:
        - name: Ok
          actionType: Approval
          provider: Manual
          roleArn: 'arn:aws:iam::111111111111:role/approver'
          configuration: { NotificationArn: '${topic}', CustomData: Check staging, ExternalEntityLink: 'https://staging.example.com' }
`));
    const action = stagesOf(template)[1].Actions[0];
    expect(action.Configuration).toEqual({ NotificationArn: topic, CustomData: 'Check staging', ExternalEntityLink: 'https://staging.example.com' });
    expect(action.RoleArn).toBe('arn:aws:iam::111111111111:role/approver');
  });

  test('an unknown source provider names the source providers', () => {
    expect(specError(withSources('- { name: X, actionType: Source, provider: CodeComit, outputArtifacts: [{ name: A }] }')))
      .toMatch(/the spec cannot build a Source action of provider 'CodeComit' \(did you mean 'CodeCommit'\?\): use CodeStarSourceConnection, CodeCommit, S3, ECR/);
  });
});
