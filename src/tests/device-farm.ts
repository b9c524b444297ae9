import { Arn, ArnFormat, Duration, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PipelineArtifact } from '../core/artifact';
import { IStepContext, StepBinding, StepOptions } from '../core/step';
import { recordArtifactCalls } from '../iam/artifact-calls';
import { DocumentedCalls } from '../iam/documented-calls';
import { checkArtifactBounds } from '../private/action-checks';
import { newActionRole } from '../private/action-role';
import { fail, show } from '../private/errors';
import { GenericAction } from '../private/generic-action';
import { StepImplementation } from '../private/step-implementation';

/** The kind of app Device Farm tests. */
export enum DeviceFarmAppType {
  /** An iOS app (`.ipa`). */
  IOS = 'iOS',
  /** An Android app (`.apk`). */
  ANDROID = 'Android',
  /** A web app (no app file). */
  WEB = 'Web',
}

/** The test framework Device Farm runs (the action accepts these; remote access types are not supported). */
export enum DeviceFarmTestType {
  /** Appium Java JUnit. */
  APPIUM_JAVA_JUNIT = 'APPIUM_JAVA_JUNIT',
  /** Appium Java TestNG. */
  APPIUM_JAVA_TESTNG = 'APPIUM_JAVA_TESTNG',
  /** Appium Node.js. */
  APPIUM_NODE = 'APPIUM_NODE',
  /** Appium Ruby. */
  APPIUM_RUBY = 'APPIUM_RUBY',
  /** Appium Python. */
  APPIUM_PYTHON = 'APPIUM_PYTHON',
  /** Appium web, Java JUnit. */
  APPIUM_WEB_JAVA_JUNIT = 'APPIUM_WEB_JAVA_JUNIT',
  /** Appium web, Java TestNG. */
  APPIUM_WEB_JAVA_TESTNG = 'APPIUM_WEB_JAVA_TESTNG',
  /** Appium web, Node.js. */
  APPIUM_WEB_NODE = 'APPIUM_WEB_NODE',
  /** Appium web, Ruby. */
  APPIUM_WEB_RUBY = 'APPIUM_WEB_RUBY',
  /** Appium web, Python. */
  APPIUM_WEB_PYTHON = 'APPIUM_WEB_PYTHON',
  /** The built-in fuzz test. */
  BUILTIN_FUZZ = 'BUILTIN_FUZZ',
  /** Android instrumentation. */
  INSTRUMENTATION = 'INSTRUMENTATION',
  /** iOS XCTest. */
  XCTEST = 'XCTEST',
  /** iOS XCTest UI. */
  XCTEST_UI = 'XCTEST_UI',
}

/** Options for `Test.deviceFarm`. */
export interface DeviceFarmTestOptions extends StepOptions {
  /** The Device Farm project's ARN, e.g. `arn:aws:devicefarm:us-west-2:123456789012:project:eec4905f-98f8-40aa-9afc-4c1cfexample`. */
  readonly projectArn: string;

  /** The device pool's ARN, e.g. `arn:aws:devicefarm:us-west-2:123456789012:devicepool:<project id>/<pool id>`. */
  readonly devicePoolArn: string;

  /** The kind of app. */
  readonly appType: DeviceFarmAppType;

  /**
   * The app file's path in the input, e.g. `app/build/outputs/apk/app-release.apk`. Required unless `appType` is `WEB`.
   *
   * @default - none (web apps)
   */
  readonly app?: string;

  /** The test framework. */
  readonly testType: DeviceFarmTestType;

  /**
   * The test package's path in the input. Required except for `BUILTIN_FUZZ`.
   *
   * @default - none
   */
  readonly test?: string;

  /**
   * The test spec's path in the input (custom environment mode).
   *
   * @default - standard environment
   */
  readonly testSpec?: string;

  /**
   * Record a video of each test.
   *
   * @default true
   */
  readonly recordVideo?: boolean;

  /**
   * Record performance data (CPU, FPS, memory).
   *
   * @default true
   */
  readonly recordAppPerformanceData?: boolean;

  /**
   * Keep Wi-Fi, Bluetooth, NFC and GPS on during the tests.
   *
   * @default true
   */
  readonly radiosEnabled?: boolean;

  /**
   * How long a test run on one device may take.
   *
   * @default - Device Farm's default
   */
  readonly jobTimeout?: Duration;

  /**
   * The artifact holding the app and the tests.
   *
   * @default PipelineArtifact.BUILD_OUTPUT
   */
  readonly input?: PipelineArtifact;
}

const PROJECT_ARN = /^arn:aws[a-z-]*:devicefarm:[a-z0-9-]+:\d{12}:project:[A-Za-z0-9-]+$/;
const POOL_ARN = /^arn:aws[a-z-]*:devicefarm:[a-z0-9-]+:(\d{12})?:devicepool:[A-Za-z0-9-]+\/[A-Za-z0-9-]+$/;
const BOUNDS = { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 };

export class DeviceFarmTest extends StepImplementation {
  public readonly defaultActionName = 'DeviceFarm';

  constructor(public readonly options: DeviceFarmTestOptions) {
    super(options);
    const o = options;
    if (!Token.isUnresolved(o.projectArn) && !PROJECT_ARN.test(o.projectArn)) {
      fail(undefined, 'InvalidDeviceFarmProject', `Test.deviceFarm: projectArn must be a Device Farm project ARN ('arn:aws:devicefarm:us-west-2:<account>:project:<id>'), got ${show(o.projectArn)}`);
    }
    if (!Token.isUnresolved(o.devicePoolArn) && !POOL_ARN.test(o.devicePoolArn)) {
      fail(undefined, 'InvalidDevicePool', `Test.deviceFarm: devicePoolArn must be a Device Farm device pool ARN ('arn:aws:devicefarm:us-west-2:<account>:devicepool:<project id>/<pool id>'), got ${show(o.devicePoolArn)}`);
    }
    if (o.appType !== DeviceFarmAppType.WEB && !o.app) {
      fail(undefined, 'DeviceFarmApp', `Test.deviceFarm: an ${o.appType} test needs 'app', the app file's path in the input`);
    }
    if (o.testType !== DeviceFarmTestType.BUILTIN_FUZZ && !o.test) {
      fail(undefined, 'DeviceFarmTestPackage', `Test.deviceFarm: a ${o.testType} test needs 'test', the test package's path in the input`);
    }
    if (o.jobTimeout && !Token.isUnresolved(o.jobTimeout.toString()) && (o.jobTimeout.toMinutes() < 5 || o.jobTimeout.toMinutes() > 150)) {
      fail(undefined, 'DeviceFarmTimeout', `Test.deviceFarm: jobTimeout must be 5 to 150 minutes, got ${o.jobTimeout.toHumanString()}`);
    }
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    checkArtifactBounds(scope, context, 'DeviceFarm', BOUNDS, 1, 0);
    const project = Arn.split(o.projectArn, ArnFormat.COLON_RESOURCE_NAME);
    const projectId = project.resourceName!;
    const arn = (resource: string, name: string) => Arn.format({
      partition: project.partition,
      service: 'devicefarm',
      region: project.region,
      account: project.account,
      resource,
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const uploads = arn('upload', `${projectId}/*`);
    // Each action on the resource types it takes (service authorization reference): CreateUpload and
    // ListDevicePools on the project only; ScheduleRun on the project, the device pool and the uploads
    // (app and tests) it runs.
    const { role } = newActionRole(scope, context, [
      new iam.PolicyStatement({ actions: ['devicefarm:CreateUpload', 'devicefarm:ListDevicePools'], resources: [o.projectArn] }),
      new iam.PolicyStatement({ actions: ['devicefarm:ScheduleRun'], resources: [o.projectArn, o.devicePoolArn, uploads] }),
      new iam.PolicyStatement({ actions: ['devicefarm:GetUpload'], resources: [uploads] }),
      new iam.PolicyStatement({ actions: ['devicefarm:GetRun'], resources: [arn('run', `${projectId}/*`)] }),
      // ListProjects supports no resource-level permissions.
      new iam.PolicyStatement({ actions: ['devicefarm:ListProjects'], resources: ['*'] }),
    ]);
    context.artifactBucket.grantRead(role);
    recordArtifactCalls(role, context.artifactBucket, { read: true });
    // The calls' resources, built from the project's and pool's ids (not from the grants).
    const dfArn = (resource: string, id: string) =>
      `arn:${project.partition}:devicefarm:${project.region}:${project.account}:${resource}:${id}`;
    const projectArn = dfArn('project', projectId);
    const upload = dfArn('upload', `${projectId}/0123abcd-0000-4000-8000-000000000001`);
    DocumentedCalls.add(role,
      { action: 'devicefarm:ListProjects', resource: '*', documentation: DEVICE_FARM_DOC },
      { action: 'devicefarm:ListDevicePools', resource: projectArn, documentation: DEVICE_FARM_DOC },
      { action: 'devicefarm:CreateUpload', resource: projectArn, documentation: DEVICE_FARM_DOC },
      { action: 'devicefarm:GetUpload', resource: upload, documentation: DEVICE_FARM_DOC },
      { action: 'devicefarm:ScheduleRun', resource: projectArn, documentation: DEVICE_FARM_DOC },
      // A curated pool's ARN has no account (`arn:aws:devicefarm:us-west-2::devicepool:...`); the
      // simulator matches no resource type to it, so only an account's own pool is simulated.
      ...(Arn.split(o.devicePoolArn, ArnFormat.COLON_RESOURCE_NAME).account === ''
        ? [] : [{ action: 'devicefarm:ScheduleRun', resource: o.devicePoolArn, documentation: DEVICE_FARM_DOC }]),
      { action: 'devicefarm:ScheduleRun', resource: upload, documentation: DEVICE_FARM_DOC },
      { action: 'devicefarm:GetRun', resource: dfArn('run', `${projectId}/0123abcd-0000-4000-8000-000000000002`), documentation: DEVICE_FARM_DOC },
    );
    const other = dfArn('project', '00000000-0000-4000-8000-000000000000');
    DocumentedCalls.addDenied(role,
      { action: 'devicefarm:ScheduleRun', resource: other, reason: 'another Device Farm project' },
      { action: 'devicefarm:CreateUpload', resource: other, reason: 'another Device Farm project' },
      { action: 'devicefarm:DeleteProject', resource: projectArn, reason: 'the project outlives the pipeline' },
    );
    const flag = (value: boolean | undefined) => String(value ?? true);
    return {
      actions: [new GenericAction({
        actionName: context.actionName,
        runOrder: context.runOrder,
        category: codepipeline.ActionCategory.TEST,
        owner: 'AWS',
        provider: 'DeviceFarm',
        version: '1',
        artifactBounds: BOUNDS,
        inputs: [input],
        role,
        configuration: {
          ProjectId: projectId,
          DevicePoolArn: o.devicePoolArn,
          AppType: o.appType,
          App: o.app,
          TestType: o.testType,
          Test: o.test,
          TestSpec: o.testSpec,
          RecordVideo: flag(o.recordVideo),
          RecordAppPerformanceData: flag(o.recordAppPerformanceData),
          RadioWifiEnabled: flag(o.radiosEnabled),
          RadioBluetoothEnabled: flag(o.radiosEnabled),
          RadioNfcEnabled: flag(o.radiosEnabled),
          RadioGpsEnabled: flag(o.radiosEnabled),
          JobTimeoutMinutes: o.jobTimeout ? String(o.jobTimeout.toMinutes()) : undefined,
        },
      })],
    };
  }
}

/** The Device Farm action's service role permissions (CodePipeline user guide). */
const DEVICE_FARM_DOC = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-DeviceFarm.html#edit-role-devicefarm';
