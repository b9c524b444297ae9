import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { ARTIFACT_READ, actionDeclaration, actionRoleStatements, allowedActions, s3Source, synthWith, wildcardActions } from './helpers';
import { Build, DeliveryPipeline, DeviceFarmAppType, DeviceFarmTestType, Test } from '../../src';
import { synthPipeline } from '../util';

const PROJECT_ARN = 'arn:aws:devicefarm:us-west-2:111111111111:project:eec4905f-98f8-40aa-9afc-4c1cfexample';
const POOL_ARN = 'arn:aws:devicefarm:us-west-2::devicepool:eec4905f-98f8-40aa-9afc-4c1cfexample/0123abcd';

describe('Test.deviceFarm', () => {
  test('declares the DeviceFarm test action and grants that project and pool only', () => {
    const { template } = synthWith(() => ({
      tests: [Test.deviceFarm({
        projectArn: PROJECT_ARN,
        devicePoolArn: POOL_ARN,
        appType: DeviceFarmAppType.ANDROID,
        app: 'app-release.apk',
        testType: DeviceFarmTestType.APPIUM_PYTHON,
        test: 'tests.zip',
        recordVideo: false,
        jobTimeout: Duration.minutes(30),
      })],
    }));
    expect(actionDeclaration(template, 'DeviceFarm')).toMatchObject({
      ActionTypeId: { Category: 'Test', Owner: 'AWS', Provider: 'DeviceFarm', Version: '1' },
      Configuration: {
        ProjectId: 'eec4905f-98f8-40aa-9afc-4c1cfexample',
        DevicePoolArn: POOL_ARN,
        AppType: 'Android',
        App: 'app-release.apk',
        TestType: 'APPIUM_PYTHON',
        Test: 'tests.zip',
        RecordVideo: 'false',
        RecordAppPerformanceData: 'true',
        RadioWifiEnabled: 'true',
        RadioBluetoothEnabled: 'true',
        RadioNfcEnabled: 'true',
        RadioGpsEnabled: 'true',
        JobTimeoutMinutes: '30',
      },
      InputArtifacts: [{ Name: 'Build_Output' }],
    });
    const statements = actionRoleStatements(template, 'Test', 'DeviceFarm');
    expect(statements).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['devicefarm:CreateUpload', 'devicefarm:ListDevicePools'], Resource: PROJECT_ARN },
      {
        Effect: 'Allow',
        Action: 'devicefarm:ScheduleRun',
        Resource: [PROJECT_ARN, POOL_ARN, 'arn:aws:devicefarm:us-west-2:111111111111:upload:eec4905f-98f8-40aa-9afc-4c1cfexample/*'],
      },
      { Effect: 'Allow', Action: 'devicefarm:GetUpload', Resource: 'arn:aws:devicefarm:us-west-2:111111111111:upload:eec4905f-98f8-40aa-9afc-4c1cfexample/*' },
      { Effect: 'Allow', Action: 'devicefarm:GetRun', Resource: 'arn:aws:devicefarm:us-west-2:111111111111:run:eec4905f-98f8-40aa-9afc-4c1cfexample/*' },
    ]));
    // Regression: CreateUpload and ListDevicePools take only the project resource type, so granting them on
    // the device pool too was a dead grant.
    for (const statement of statements.filter(st => JSON.stringify(st.Resource).includes(':devicepool:'))) {
      expect(statement.Action).toEqual('devicefarm:ScheduleRun');
    }
    expect(wildcardActions(statements)).toEqual(['devicefarm:ListProjects']);
    expect(allowedActions(statements).filter(a => a.startsWith('s3:'))).toEqual(ARTIFACT_READ);
  });

  test('every key of the action reference: each radio on its own, Appium version, fuzz settings, custom artifacts, location', () => {
    const { template } = synthWith(stack => ({
      tests: [Test.deviceFarm({
        // A project of the pipeline's account (an unresolved account keeps the project id literal).
        projectArn: `arn:aws:devicefarm:us-west-2:${stack.account}:project:eec4905f-98f8-40aa-9afc-4c1cfexample`,
        devicePoolArn: 'arn:aws:devicefarm:us-west-2::devicepool:082d10e5-d7d7-48a5-ba5c-b33d66efa1f5',
        appType: DeviceFarmAppType.IOS,
        app: 's3-ios-test-1.ipa',
        testType: DeviceFarmTestType.BUILTIN_FUZZ,
        radiosEnabled: false,
        radioGpsEnabled: true,
        appiumVersion: '1.7.2',
        fuzzEventCount: 6000,
        fuzzEventThrottle: 50,
        fuzzRandomizerSeed: 1234,
        customHostMachineArtifacts: 'host/artifacts',
        customDeviceArtifacts: '/sdcard/artifacts',
        unmeteredDevicesOnly: true,
        latitude: 47.6204,
        longitude: -122.3491,
      })],
    }));
    expect(actionDeclaration(template, 'DeviceFarm').Configuration).toMatchObject({
      ProjectId: 'eec4905f-98f8-40aa-9afc-4c1cfexample',
      RadioWifiEnabled: 'false',
      RadioBluetoothEnabled: 'false',
      RadioNfcEnabled: 'false',
      RadioGpsEnabled: 'true',
      AppiumVersion: '1.7.2',
      FuzzEventCount: '6000',
      FuzzEventThrottle: '50',
      FuzzRandomizerSeed: '1234',
      CustomHostMachineArtifacts: 'host/artifacts',
      CustomDeviceArtifacts: '/sdcard/artifacts',
      UnmeteredDevicesOnly: 'true',
      Latitude: '47.6204',
      Longitude: '-122.3491',
    });
  });

  test('a project ARN with an unresolved account (an environment-agnostic stack) keeps the project id literal', () => {
    const stack = new Stack();
    new DeliveryPipeline(stack, 'Pipeline', {
      source: s3Source(stack),
      buildStep: Build.codeBuild({ commands: ['make'] }),
      tests: [Test.deviceFarm({
        projectArn: `arn:aws:devicefarm:us-west-2:${Aws.ACCOUNT_ID}:project:eec4905f-98f8-40aa-9afc-4c1cfexample`,
        devicePoolArn: 'arn:aws:devicefarm:us-west-2::devicepool:082d10e5-d7d7-48a5-ba5c-b33d66efa1f5',
        appType: DeviceFarmAppType.WEB,
        testType: DeviceFarmTestType.BUILTIN_FUZZ,
      })],
    });
    const template = Template.fromStack(stack);
    expect(actionDeclaration(template, 'DeviceFarm').Configuration.ProjectId).toEqual('eec4905f-98f8-40aa-9afc-4c1cfexample');
    expect(actionRoleStatements(template, 'Test', 'DeviceFarm')).toContainEqual({
      Effect: 'Allow',
      Action: ['devicefarm:CreateUpload', 'devicefarm:ListDevicePools'],
      Resource: { 'Fn::Join': ['', ['arn:aws:devicefarm:us-west-2:', { Ref: 'AWS::AccountId' }, ':project:eec4905f-98f8-40aa-9afc-4c1cfexample']] },
    });
  });

  test('latitude and longitude are degrees', () => {
    expect(() => Test.deviceFarm({
      projectArn: PROJECT_ARN, devicePoolArn: POOL_ARN, appType: DeviceFarmAppType.WEB, testType: DeviceFarmTestType.BUILTIN_FUZZ, latitude: 91,
    })).toThrow(/latitude must be a number from -90 to 90, got 91/);
  });

  test('an app test needs the app file', () => {
    expect(() => Test.deviceFarm({ projectArn: PROJECT_ARN, devicePoolArn: POOL_ARN, appType: DeviceFarmAppType.IOS, testType: DeviceFarmTestType.XCTEST, test: 't.zip' }))
      .toThrow(/an iOS test needs 'app'/);
  });

  test('rejects a project ARN that is not one', () => {
    expect(() => Test.deviceFarm({ projectArn: 'eec4905f', devicePoolArn: POOL_ARN, appType: DeviceFarmAppType.WEB, testType: DeviceFarmTestType.BUILTIN_FUZZ }))
      .toThrow(/projectArn must be a Device Farm project ARN/);
  });
});

describe('Amazon Inspector scans', () => {
  test('a source scan declares InspectorScan in SourceCodeScan mode with severity thresholds', () => {
    const { template } = synthWith(() => ({ tests: [Test.inspectorSourceScan({ mediumThreshold: 10 })] }));
    expect(actionDeclaration(template, 'InspectorSourceScan')).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'InspectorScan', Version: '1' },
      Configuration: { InspectorRunMode: 'SourceCodeScan', CriticalThreshold: 0, HighThreshold: 0, MediumThreshold: 10 },
      InputArtifacts: [{ Name: 'S3Source_Output' }],
      OutputArtifacts: [{ Name: 'InspectorSourceScan_Output' }],
    });
    const statements = actionRoleStatements(template, 'Test', 'InspectorSourceScan');
    expect(wildcardActions(statements)).toEqual(['inspector-scan:ScanSbom']);
  });

  test('an image scan declares ECRImageScan mode and may pull that repository only', () => {
    const { template } = synthWith(stack => ({
      tests: [Test.inspectorImageScan(ecr.Repository.fromRepositoryName(stack, 'Web', 'shop-web'), { imageTag: 'release', lowThreshold: 100 })],
    }));
    expect(actionDeclaration(template, 'InspectorImageScan')).toMatchObject({
      ActionTypeId: { Category: 'Invoke', Owner: 'AWS', Provider: 'InspectorScan', Version: '1' },
      Configuration: { InspectorRunMode: 'ECRImageScan', ECRRepositoryName: 'shop-web', ImageTag: 'release', CriticalThreshold: 0, HighThreshold: 0, LowThreshold: 100 },
    });
    const statements = actionRoleStatements(template, 'Test', 'InspectorImageScan');
    expect(wildcardActions(statements)).toEqual(['ecr:GetAuthorizationToken', 'inspector-scan:ScanSbom']);
    expect(allowedActions(statements).filter(a => a.startsWith('ecr:'))).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage',
      'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer']);
  });

  test('rejects a negative threshold', () => {
    expect(() => Test.inspectorSourceScan({ highThreshold: -1 })).toThrow(/highThreshold must be a whole number of findings \(0 or more\), got -1/);
  });
});

describe('Test.jenkins', () => {
  test('declares a Jenkins test action without outputs', () => {
    const { template } = synthPipeline(stack => ({
      source: s3Source(stack),
      tests: [Test.jenkins({
        provider: actions.JenkinsProvider.fromJenkinsProviderAttributes(stack, 'Jenkins', { providerName: 'ShopJenkins', serverUrl: 'https://jenkins.acme.example' }),
        projectName: 'shop-e2e',
      })],
    }));
    const action = actionDeclaration(template, 'Jenkins-shop-e2e');
    expect(action.ActionTypeId).toEqual({ Category: 'Test', Owner: 'Custom', Provider: 'ShopJenkins', Version: '1' });
    expect(action.OutputArtifacts).toBeUndefined();
  });
});
