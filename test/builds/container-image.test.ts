import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Build, Deploy, PipelineArtifact, Source } from '../../src';
import { DocumentedCalls } from '../../src/iam/documented-calls';
import { globMatches } from '../../src/providers/private/declared-files';
import { CONNECTION_ARN, ENV, importedService, synthPipeline } from '../util';

const source = () => Source.connection('acme/shop', 'main', { connectionArn: CONNECTION_ARN });
const repo = (stack: Stack, name = 'shop-web') => ecr.Repository.fromRepositoryName(stack, `Repo-${name}`, name);

function imageProject(template: Template): any {
  const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as any[];
  return projects.find(p => p.Properties.Environment.PrivilegedMode);
}

function roleStatements(template: Template, roleLogicalId: string): any[] {
  return (Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[])
    .filter(p => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('Build.containerImage', () => {
  test('builds from the Dockerfile, tags with the commit, pushes and writes imagedefinitions.json, in one phase', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web', dockerfile: 'services/web/Dockerfile', buildContext: 'services/web' }),
    }));
    const project = imageProject(template);
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(Object.keys(spec.phases)).toEqual(['build']);
    expect(spec.phases.build.commands).toEqual([
      "test -f services/web/Dockerfile || { echo \"Dockerfile 'services/web/Dockerfile' not found in the input: set 'dockerfile' to its path\" >&2; exit 1; }",
      'IMAGE_TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:?the commit is unknown: the input must come from a source action}"',
      'IMAGE_URI="$REPOSITORY_URI:$IMAGE_TAG"',
      'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$IMAGE_REGISTRY"',
      'DOCKER_BUILDKIT=1 docker build -f services/web/Dockerfile -t "$IMAGE_URI" services/web',
      'docker push "$IMAGE_URI"',
      'printf \'[{"name":"%s","imageUri":"%s"}]\' web "$IMAGE_URI" > imagedefinitions.json',
    ]);
    // The output is what the build declares, never the whole workspace.
    expect(spec.artifacts).toEqual({ files: ['imagedefinitions.json'] });
    expect(project.Properties.Environment.PrivilegedMode).toBe(true);
  });

  test('the project may push to exactly that repository; GetAuthorizationToken on * is the only wildcard', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web' }),
    }));
    const role = imageProject(template).Properties.ServiceRole['Fn::GetAtt'][0];
    const ecrStatements = roleStatements(template, role).filter(s => [s.Action].flat().some((a: string) => a.startsWith('ecr:')));
    expect(ecrStatements).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:${ENV.region}:${ENV.account}:repository/shop-web`]] },
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('records the documented ECR calls and denies pushing to another repository', () => {
    const { pipeline } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web' }),
    }));
    const project = pipeline.projects[0] as any;
    expect(DocumentedCalls.of(project.role).map(c => c.action)).toEqual(expect.arrayContaining(['ecr:GetAuthorizationToken', 'ecr:PutImage']));
    expect(DocumentedCalls.deniedOf(project.role).map(c => c.reason)).toContain('pushing to another repository');
  });

  test('takes the container name from the task definition, and writes imageDetail.json for blue/green', () => {
    const { template } = synthPipeline(stack => {
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
      taskDefinition.addContainer('api', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
      return { source: source(), buildStep: Build.containerImage({ repository: repo(stack), taskDefinition, imageDetail: true }) };
    });
    const spec = JSON.parse(imageProject(template).Properties.Source.BuildSpec);
    expect(spec.phases.build.commands).toContain('printf \'[{"name":"%s","imageUri":"%s"}]\' api "$IMAGE_URI" > imagedefinitions.json');
    expect(spec.phases.build.commands).toContain('printf \'{"ImageURI":"%s"}\' "$IMAGE_URI" > imageDetail.json');
    expect(spec.artifacts).toEqual({ files: ['imagedefinitions.json', 'imageDetail.json'] });
  });

  test('Docker Hub rate limits: base images through a pull-through cache, or a login with a credential from Secrets Manager', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({
        repository: repo(stack),
        containerName: 'web',
        pullThroughCachePrefix: 'docker-hub',
        dockerHubCredential: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Hub', `arn:aws:secretsmanager:${ENV.region}:${ENV.account}:secret:docker-hub-AbCdEf`),
      }),
    }));
    const project = imageProject(template);
    const spec = JSON.parse(project.Properties.Source.BuildSpec);
    expect(spec.phases.build.commands).toContain('DOCKER_BUILDKIT=1 docker build -f Dockerfile -t "$IMAGE_URI" --build-arg BASE_REGISTRY="$CACHE_REGISTRY/docker-hub" .');
    expect(spec.phases.build.commands).toContain('jq -r .password <<< "$DOCKER_HUB_CREDENTIAL" | docker login --username "$(jq -r .username <<< "$DOCKER_HUB_CREDENTIAL")" --password-stdin');
    expect(spec.phases.build.commands).toContain(
      '[ "$CACHE_REGISTRY" = "$IMAGE_REGISTRY" ] || aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$CACHE_REGISTRY"');
    expect(project.Properties.Environment.EnvironmentVariables).toContainEqual({
      Name: 'CACHE_REGISTRY', Type: 'PLAINTEXT', Value: { 'Fn::Join': ['', [`${ENV.account}.dkr.ecr.${ENV.region}.`, { Ref: 'AWS::URLSuffix' }]] },
    });
    expect(project.Properties.Environment.EnvironmentVariables).toContainEqual({
      Name: 'DOCKER_HUB_CREDENTIAL', Type: 'SECRETS_MANAGER', Value: `arn:aws:secretsmanager:${ENV.region}:${ENV.account}:secret:docker-hub-AbCdEf`,
    });
    const statements = roleStatements(template, project.Properties.ServiceRole['Fn::GetAtt'][0]);
    expect(statements).toContainEqual({
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:${ENV.region}:${ENV.account}:repository/docker-hub/*`]] },
    });
  });

  test('a repository of another account: the build logs in to and pushes to that registry', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({
        repository: ecr.Repository.fromRepositoryArn(stack, 'Shared', 'arn:aws:ecr:eu-west-1:333333333333:repository/shop-web'),
        containerName: 'web',
      }),
    }));
    const variables = imageProject(template).Properties.Environment.EnvironmentVariables;
    expect(JSON.stringify(variables.find((v: any) => v.Name === 'IMAGE_REGISTRY').Value)).toContain('333333333333.dkr.ecr.eu-west-1.');
    expect(JSON.stringify(variables.find((v: any) => v.Name === 'REPOSITORY_URI').Value)).toContain('333333333333.dkr.ecr.eu-west-1.');
  });

  test('only the image project is privileged', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web' }),
      stages: [{ stageName: 'Check', steps: [Build.codeBuild({ actionName: 'Lint', commands: ['npm run lint'], input: PipelineArtifact.SOURCE_OUTPUT })] }],
    }));
    const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as any[];
    expect(projects.map(p => p.Properties.Environment.PrivilegedMode)).toEqual([true, false]);
  });

  test('bad input: no container name, secret-looking build args, paths outside the input, an invalid cache prefix', () => {
    expect(() => synthPipeline(stack => ({ source: source(), buildStep: Build.containerImage({ repository: repo(stack) }) })))
      .toThrow(/Test\/Pipeline\/Build\/Build: imagedefinitions.json names the container to update, but neither 'containerName' nor a 'taskDefinition' with a container was given: pass 'containerName'/);
    expect(() => synthPipeline(stack => ({
      source: source(), buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web', buildArgs: { TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' } }),
    }))).toThrow(/buildArgs/);
    expect(() => Build.containerImage({ repository: {} as any, dockerfile: '../Dockerfile' })).toThrow(/dockerfile must be a relative path inside the input \(no leading '\/', no '\.\.'\), got '\.\.\/Dockerfile'/);
    expect(() => Build.containerImage({ repository: {} as any, pullThroughCachePrefix: 'Docker Hub' })).toThrow(/pullThroughCachePrefix must be/);
    expect(() => Build.containerImage({ repository: {} as any, imageDefinitions: false })).toThrow(/writes no file for a deploy/);
  });
});

describe('a deploy reading a file its input does not declare', () => {
  test('Deploy.ecs after an image build that writes only imageDetail.json: error naming both steps and the fix', () => {
    expect(() => synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), imageDefinitions: false, imageDetail: true }),
      deploy: Deploy.ecs(importedService(stack)),
    }))).toThrow("Test/Pipeline/Deploy/DeployECS: this step reads the image definitions file 'imagedefinitions.json' from artifact 'Build_Output', " +
      "but the step that writes that artifact, 'Build' (stage 'Build', Build.containerImage), declares only 'imageDetail.json': " +
      "Build.containerImage writes 'imagedefinitions.json' (imageDefinitions, the default) and 'imageDetail.json' (imageDetail: true): turn on the one this deploy reads, or point the deploy's image file at it");
  });

  test('Deploy.ecs after a CodeBuild build whose outputFiles do not hold the file', () => {
    expect(() => synthPipeline(stack => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['make'], outputFiles: ['dist/**/*'] }),
      deploy: Deploy.ecs({ ...importedService(stack), imageFile: 'image.json' }),
    }))).toThrow(/reads the image definitions file 'image.json' from artifact 'Build_Output', but the step that writes that artifact, 'Build' \(stage 'Build'\), declares only 'dist\/\*\*\/\*': add the file to that build's 'outputFiles'/);
  });

  test('the image build feeding Deploy.ecs synthesizes', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.containerImage({ repository: repo(stack), containerName: 'web' }),
      deploy: Deploy.ecs(importedService(stack)),
    }));
    const stages = (Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as any).Properties.Stages;
    expect(stages[2].Actions[0]).toMatchObject({ Configuration: { FileName: 'imagedefinitions.json' }, InputArtifacts: [{ Name: 'Build_Output' }] });
  });

  test('glob matching of declared files', () => {
    expect(globMatches('**/*', 'cdk.out/manifest.json')).toBe(true);
    expect(globMatches('cdk.out/**/*', 'cdk.out/assembly-Dev/Dev-Shop.template.json')).toBe(true);
    expect(globMatches('*.json', 'cdk.out/manifest.json')).toBe(false);
    expect(globMatches('imagedefinitions.json', './imagedefinitions.json')).toBe(true);
    expect(globMatches('imagedefinitions.json', 'imageDetail.json')).toBe(false);
  });
});

describe('a build without declared outputs outputs what the later steps read, never the whole workspace', () => {
  const buildSpecOf = (template: Template) => {
    const projects = Object.values(template.findResources('AWS::CodeBuild::Project')) as any[];
    return JSON.parse(projects[0].Properties.Source.BuildSpec);
  };
  const role = (stack: Stack) => (stack.node.tryFindChild('Exec') as iam.IRole | undefined) ?? iam.Role.fromRoleName(stack, 'Exec', 'cfn-exec');

  test('an ECS deploy: only imagedefinitions.json', () => {
    const { template } = synthPipeline(stack => ({
      source: source(), buildStep: Build.codeBuild({ commands: ['make image'] }), deploy: Deploy.ecs(importedService(stack)),
    }));
    expect(buildSpecOf(template).artifacts).toEqual({ files: ['imagedefinitions.json'] });
  });

  test('two CloudFormation deploys: their two templates', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['npx cdk synth'] }),
      stages: [{
        stageName: 'Release',
        steps: [
          Deploy.cloudFormation({ stackName: 'a', templatePath: 'cdk.out/A.template.json', deploymentRole: role(stack) }),
          Deploy.cloudFormation({ stackName: 'b', templatePath: 'cdk.out/B.template.json', deploymentRole: role(stack) }),
        ],
      }],
    }));
    expect(buildSpecOf(template).artifacts).toEqual({ files: ['cdk.out/A.template.json', 'cdk.out/B.template.json'] });
  });

  test('a step that reads the whole artifact (an S3 deploy): everything', () => {
    const { template } = synthPipeline(stack => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['npm run build'] }),
      deploy: Deploy.s3({ bucket: s3.Bucket.fromBucketName(stack, 'Site', 'site') }),
    }));
    expect(buildSpecOf(template).artifacts).toEqual({ files: ['**/*'] });
  });

  test('declared outputFiles are kept, and a template outside them is an error naming both steps', () => {
    expect(() => synthPipeline(stack => ({
      source: source(),
      buildStep: Build.codeBuild({ commands: ['npx cdk synth'], outputFiles: ['dist/**/*'] }),
      deploy: Deploy.cloudFormation({ stackName: 'a', templatePath: 'cdk.out/A.template.json', deploymentRole: role(stack) }),
    }))).toThrow(/Test\/Pipeline\/Deploy\/Deploya: this step reads the template 'cdk.out\/A.template.json' from artifact 'Build_Output', but the step that writes that artifact, 'Build' \(stage 'Build'\), declares only 'dist\/\*\*\/\*'/);
  });
});
