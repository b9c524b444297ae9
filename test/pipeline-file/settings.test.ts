import { Match } from 'aws-cdk-lib/assertions';
import * as YAML from 'yaml';
import { spec, specError, synthSpec } from './helpers';
import { PIPELINE_FILE_SCHEMA } from '../../src/pipeline-file/schema';
import { importedService, testStack } from '../util';

const BUILD = `    - name: Build
      actions:
        - { name: Compile, actionType: Build, provider: CodeBuild, commands: [make], inputArtifacts: [{ name: Src }] }
`;

describe('pipeline-level spec settings', () => {
  test('variables, triggers, execution mode, conditions and rollback reach the pipeline', () => {
    const text = spec(BUILD.replace('    - name: Build\n', `    - name: Build
      beforeEntry:
        conditions:
          - result: FAIL
            rules:
              - name: Hours
                provider: DeploymentWindow
                configuration: { Cron: '* * 9-17 ? * MON-FRI *', TimeZone: Europe/Berlin }
      onSuccess:
        conditions:
          - result: ROLLBACK
            rules: [{ name: Alarm, provider: CloudWatchAlarm, configuration: { AlarmName: shop-5xx } }]
      onFailure: { result: RETRY, retryMode: FAILED_ACTIONS }
`), `  executionMode: QUEUED
  variables: [{ name: Environment, defaultValue: prod, description: Target }]
  triggers:
    - sourceAction: Checkout
      push: [{ branches: { includes: [main] }, filePaths: { includes: ['src/**'] } }]
      pullRequest: [{ events: [OPEN], branches: { includes: [main] } }]
`).replace('BranchName: main', 'BranchName: main\n            DetectChanges: false');
    const { template } = synthSpec(text);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      ExecutionMode: 'QUEUED',
      Variables: [{ Name: 'Environment', DefaultValue: 'prod', Description: 'Target' }],
      Triggers: [Match.objectLike({
        ProviderType: 'CodeStarSourceConnection',
        GitConfiguration: {
          SourceActionName: 'Checkout',
          Push: [{ Branches: { Includes: ['main'] }, FilePaths: { Includes: ['src/**'] } }],
          PullRequest: [{ Events: ['OPEN'], Branches: { Includes: ['main'] } }],
        },
      })],
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Build',
        BeforeEntry: { Conditions: [{ Result: 'FAIL', Rules: [Match.objectLike({ Name: 'Hours', RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'DeploymentWindow', Version: '1' } })] }] },
        OnSuccess: { Conditions: [{ Result: 'ROLLBACK', Rules: [Match.objectLike({ Name: 'Alarm' })] }] },
        OnFailure: { Result: 'RETRY', RetryConfiguration: { RetryMode: 'FAILED_ACTIONS' } },
      })]),
    });
    // The typed alarm rule's grant (one rule, one IAM: the file and the typed API no longer differ).
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['cloudwatch:DescribeAlarmHistory', 'cloudwatch:DescribeAlarms'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:111111111111:alarm:shop-5xx']] },
        })]),
      },
    });
  });

  test('V2-only settings on a V1 pipeline are reported', () => {
    const text = spec(BUILD.replace('    - name: Build\n', '    - name: Build\n      onFailure: { result: ROLLBACK }\n'), '  pipelineType: V1\n  variables: [{ name: Env }]\n');
    const message = specError(text);
    expect(message).toMatch(/variables\[0\] \(line \d+, column \d+\): pipeline variables need\(s\) a V2 pipeline/);
    expect(message).toMatch(/stages\[1\] \(line \d+, column \d+\): automatic rollback need\(s\) a V2 pipeline/);
  });

  test('triggers must name a connection source of the first stage', () => {
    expect(specError(spec(BUILD, '  triggers: [{ sourceAction: Chekout }]\n'))).toMatch(
      /triggers\[0\]\.sourceAction \(line 3, column 30\): trigger names source action 'Chekout', which is not in the first stage \(did you mean 'Checkout'\?\)/,
    );
    expect(specError(spec(BUILD, '  triggers: [{ sourceAction: Checkout }, { sourceAction: Checkout }]\n'))).toMatch(/source action 'Checkout' already has a trigger/);
  });

  test('notifications, alarms, artifacts and CodeBuild defaults', () => {
    const { template } = synthSpec(spec(BUILD, `  notifications: { emails: [ops@example.com] }
  alarms: { enabled: false }
  artifacts: { expireAfterDays: 30, removalPolicy: DESTROY }
  codeBuild: { computeType: LARGE, timeoutMinutes: 20 }
`));
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'ops@example.com' });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'ExpireOldArtifacts', ExpirationInDays: 30 })] },
    });
    template.hasResourceProperties('AWS::CodeBuild::Project', { Environment: Match.objectLike({ ComputeType: 'BUILD_GENERAL1_LARGE' }), TimeoutInMinutes: 20 });
  });
});

describe('the JSON Schema', () => {
  test.each(PIPELINE_FILE_SCHEMA.examples.map((e, i) => [i, e]))('example %i loads', (_, example) => {
    const imported = importedService(testStack('Services'));
    const { template } = synthSpec(YAML.stringify(example), {
      services: { default: imported.service },
      taskDefinitions: { default: imported.taskDefinition },
      // the seed example leaves the repository to the configuration
      configuration: JSON.stringify(example).includes('SourceAction') ? { 'SourceAction.FullRepositoryId': 'acme/shop', 'SourceAction.BranchName': 'main' } : {},
    });
    template.resourceCountIs('AWS::CodePipeline::Pipeline', 1);
  });
});
