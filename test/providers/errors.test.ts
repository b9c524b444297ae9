import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Build, Deploy, DeviceFarmAppType, DeviceFarmTestType, Invoke, PipelineArtifact, Test } from '../../src';
import { importedService } from '../util';

const PROJECT_ARN = 'arn:aws:devicefarm:us-west-2:111111111111:project:eec4905f';
const POOL_ARN = 'arn:aws:devicefarm:us-west-2::devicepool:eec4905f/0123abcd';

/** One case per error message: the factory call and the message it must throw. */
const CASES: Array<[string, (stack: Stack) => unknown, RegExp]> = [
  ['Commands: too many commands', () => Build.commands({ commands: Array(51).fill('make') }), /give 1 to 50 commands, got 51/],
  ['Commands: empty outputFiles', () => Build.commands({ commands: ['make'], outputFiles: [] }), /outputFiles must list 1 to 10 paths, got 0/],
  ['Commands: too many output variables', () => Build.commands({ commands: ['make'], outputVariables: Array(16).fill('V') }),
    /outputVariables must list 1 to 15 names, got 16/],
  ['Commands: bad variable name', () => Build.commands({ commands: ['make'], environment: { 'MY-VAR': 'x' } }),
    /environment variable names are 1 to 128 letters, digits or '_', got 'MY-VAR'/],
  ['Commands: variable in environment and secrets', stack => Build.commands({
    commands: ['make'], environment: { NPM: 'x' }, secrets: { NPM: secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'npm') },
  }), /'NPM' is given both in 'environment' and in 'secrets'/],
  ['custom: bad provider', () => Build.custom({ provider: 'My Provider' }), /provider must be 1 to 35 letters, digits, '-' or '_', got 'My Provider'/],
  ['custom: bad version', () => Test.custom({ provider: 'P', version: '1.0.0.0.0.0' }), /version must be 1 to 9 letters, digits, '-' or '_'/],
  ['custom: empty configuration value', () => Build.custom({ provider: 'P', configuration: { Key: '' } }),
    /configuration keys must be 1 to 50 characters and values 1 to 1000, got key 'Key' with a value of 0 characters/],
  ['custom: bounds above 5', () => Build.custom({ provider: 'P', artifactBounds: { minInputs: 0, maxInputs: 6, minOutputs: 0, maxOutputs: 0 } }),
    /artifactBounds must be whole numbers from 0 to 5 with min <= max/],
  ['ECR build: too many tags', stack => Build.ecrBuildAndPublish(ecr.Repository.fromRepositoryName(stack, 'R', 'r'), { imageTags: Array(11).fill('t') }),
    /imageTags must be 1 to 10 non-empty tags/],
  ['Jenkins: no project', stack => Build.jenkins({
    provider: actions.JenkinsProvider.fromJenkinsProviderAttributes(stack, 'J', { providerName: 'J', serverUrl: 'https://j' }), projectName: ' ',
  }), /projectName is ' ': give the Jenkins job to run/],
  ['CloudFormation: replace on failure with a change set', stack => Deploy.cloudFormation({
    stackName: 's', templatePath: 't.json', deploymentRole: iam.Role.fromRoleName(stack, 'R', 'r'), useChangeSet: true, replaceOnFailure: true,
  }), /'replaceOnFailure' applies to direct deploys only/],
  ['CloudFormation delete: bad stack name', stack => Deploy.cloudFormationDelete({ stackName: '1-stack', deploymentRole: iam.Role.fromRoleName(stack, 'R', 'r') }),
    /stackName must start with a letter/],
  ['StackSet: bad name', () => Deploy.cloudFormationStackSet({ stackSetName: 'a_b', templatePath: 't', accounts: ['1'], regions: ['r'] }),
    /stackSetName must start with a letter and hold only letters, digits and '-', got 'a_b'/],
  ['StackSet: no regions', () => Deploy.cloudFormationStackInstances({ stackSetName: 's', accounts: ['111111111111'], regions: [] }), /'regions' is empty/],
  ['StackSet: bad percentage', () => Deploy.cloudFormationStackInstances({
    stackSetName: 's', accounts: ['111111111111'], regions: ['eu-west-1'], failureTolerancePercentage: 101,
  }), /failureTolerancePercentage must be a whole number from 0 to 100, got 101/],
  ['StackSet: roles with OUs', () => Deploy.cloudFormationStackSet({
    stackSetName: 's', templatePath: 't', organizationalUnits: ['ou-1'], regions: ['eu-west-1'], executionRoleName: 'x',
  }), /'administrationRole' and 'executionRoleName' apply to 'accounts' \(self-managed\) only/],
  ['CodeDeploy ECS: too many images', stack => Deploy.codeDeployEcs({
    deploymentGroup: codedeploy.EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(stack, 'G', {
      application: codedeploy.EcsApplication.fromEcsApplicationName(stack, 'A', 'a'), deploymentGroupName: 'g',
    }),
    taskDefinition: importedService(stack).taskDefinition,
    images: Array(5).fill({ input: PipelineArtifact.SOURCE_OUTPUT }),
  }), /at most 4 images are allowed, got 5/],
  ['EC2: empty tag key', () => Deploy.ec2({ instanceTagKey: '', targetDirectory: '/opt', postScript: 's.sh' }), /instanceTagKey is '': give the tag key/],
  ['EKS: bad cluster name', () => Deploy.eks({ clusterName: 'my cluster', manifestFiles: ['a.yaml'] }), /clusterName must be an EKS cluster name, got 'my cluster': 1 to 100 letters, digits, '-' or '_', starting with a letter or digit$/],
  ['EKS: security groups without subnets', stack => Deploy.eks({
    clusterName: 'c', manifestFiles: ['a.yaml'], securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'G', 'sg-1')],
  }), /'securityGroups' apply only inside the VPC: give 'subnets' too/],
  ['Beanstalk: empty environment', () => Deploy.elasticBeanstalk({ applicationName: 'a', environmentName: '' }),
    /'environmentName' is '': give the Elastic Beanstalk environment to deploy to/],
  ['Lambda deploy: too many alarms', stack => Deploy.lambdaFunction(lambda.Function.fromFunctionName(stack, 'F', 'f'), {
    alias: 'live', alarms: Array.from({ length: 11 }, (_, i) => cloudwatch.Alarm.fromAlarmName(stack, `A${i}`, `a${i}`)),
  }), /at most 10 alarms are allowed, got 11/],
  ['Service Catalog: bad product id', () => Deploy.serviceCatalog({ productId: 'abc', templatePath: 't', productVersionName: 'v' }),
    /productId must look like 'prod-abcdefgh12345', got 'abc'/],
  ['Service Catalog: no version name', () => Deploy.serviceCatalog({ productId: 'prod-abc', templatePath: 't' }),
    /give 'templatePath' and 'productVersionName' \(e\.g\. 'product\.template\.json' and 'v2'\), or 'configurationFile'/],
  ['Step Functions: a literal and a file together', stack => Invoke.stepFunctions(
    sfn.StateMachine.fromStateMachineArn(stack, 'M', 'arn:aws:states:eu-west-1:111111111111:stateMachine:m'), { literalInput: '{}', inputFile: 'x.json' },
  ), /give one of 'input' \(an object\), 'literalInput' \(text\) or 'inputFile' \(a file in an artifact\), got literalInput and inputFile/],
  ['Lambda: both kinds of user parameters', stack => Invoke.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Fn', 'f'), {
    userParameters: { a: 1 }, userParametersString: 'a',
  }), /give 'userParameters' \(an object sent as JSON\) or 'userParametersString' \(sent as written\), not both/],
  ['Device Farm: fuzz event count', () => Test.deviceFarm({
    projectArn: PROJECT_ARN, devicePoolArn: POOL_ARN, appType: DeviceFarmAppType.WEB, testType: DeviceFarmTestType.BUILTIN_FUZZ, fuzzEventCount: 0,
  }), /fuzzEventCount must be a whole number from 1 to 10000, got 0/],
  ['Device Farm: bad pool', () => Test.deviceFarm({
    projectArn: PROJECT_ARN, devicePoolArn: 'pool', appType: DeviceFarmAppType.WEB, testType: DeviceFarmTestType.BUILTIN_FUZZ,
  }), /devicePoolArn must be a Device Farm device pool ARN/],
  ['Device Farm: no test package', () => Test.deviceFarm({
    projectArn: PROJECT_ARN, devicePoolArn: POOL_ARN, appType: DeviceFarmAppType.WEB, testType: DeviceFarmTestType.APPIUM_WEB_NODE,
  }), /a APPIUM_WEB_NODE test needs 'test'/],
  ['Device Farm: timeout out of range', () => Test.deviceFarm({
    projectArn: PROJECT_ARN,
    devicePoolArn: POOL_ARN,
    appType: DeviceFarmAppType.WEB,
    testType: DeviceFarmTestType.BUILTIN_FUZZ,
    jobTimeout: Duration.hours(3),
  }), /jobTimeout must be 5 to 150 minutes, got 3 hours/],
];

test.each(CASES)('%s', (_name, make, message) => {
  const stack = new Stack();
  expect(() => make(stack)).toThrow(message);
});
