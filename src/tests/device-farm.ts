import { Arn, ArnComponents, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Construct } from 'constructs';
import { Test } from './test';
import { PipelineArtifact } from '../core/artifact';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepOptions } from '../core/step';
import type { ActionContext } from '../pipeline-file/action-context';
import { flag, integer } from '../pipeline-file/provider-common';
import type { StepFactory } from '../pipeline-file/step-factory';
import { KeyKind, ProviderDefinition } from '../providers/definition';
import { ArtifactAccess, ProviderIam } from '../providers/permissions';
import { GenericAction } from '../providers/private/generic-action';
import { ActionBase, ProviderAction } from '../providers/provider-action';

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
   * Keep Wi-Fi, Bluetooth, NFC and GPS on during the tests (each radio's own option overrides it).
   *
   * @default true
   */
  readonly radiosEnabled?: boolean;

  /**
   * Enable Wi-Fi at the beginning of the test (`RadioWifiEnabled`).
   *
   * @default - `radiosEnabled`
   */
  readonly radioWifiEnabled?: boolean;

  /**
   * Enable Bluetooth at the beginning of the test (`RadioBluetoothEnabled`).
   *
   * @default - `radiosEnabled`
   */
  readonly radioBluetoothEnabled?: boolean;

  /**
   * Enable NFC at the beginning of the test (`RadioNfcEnabled`).
   *
   * @default - `radiosEnabled`
   */
  readonly radioNfcEnabled?: boolean;

  /**
   * Enable GPS at the beginning of the test (`RadioGpsEnabled`).
   *
   * @default - `radiosEnabled`
   */
  readonly radioGpsEnabled?: boolean;

  /**
   * The Appium version of the test (`AppiumVersion`; CodePipeline passes it, Device Farm uses its default).
   *
   * @default - Device Farm's default
   */
  readonly appiumVersion?: string;

  /**
   * How many user interface events the fuzz test performs, 1 to 10,000 (`FuzzEventCount`).
   *
   * @default - Device Farm's default
   */
  readonly fuzzEventCount?: number;

  /**
   * How many milliseconds the fuzz test waits between user interface events, 1 to 1,000 (`FuzzEventThrottle`).
   *
   * @default - Device Farm's default
   */
  readonly fuzzEventThrottle?: number;

  /**
   * The seed that randomizes the fuzz test's events: the same seed repeats the same sequence (`FuzzRandomizerSeed`).
   *
   * @default - a random sequence
   */
  readonly fuzzRandomizerSeed?: number;

  /**
   * Where custom artifacts are stored on the host machine (`CustomHostMachineArtifacts`).
   *
   * @default - none
   */
  readonly customHostMachineArtifacts?: string;

  /**
   * Where custom artifacts are stored on the device (`CustomDeviceArtifacts`).
   *
   * @default - none
   */
  readonly customDeviceArtifacts?: string;

  /**
   * Run on your unmetered devices only (`UnmeteredDevicesOnly`).
   *
   * @default - Device Farm's default (metered devices too)
   */
  readonly unmeteredDevicesOnly?: boolean;

  /**
   * The device's latitude, in degrees (-90 to 90; `Latitude`).
   *
   * @default - the device's own
   */
  readonly latitude?: number;

  /**
   * The device's longitude, in degrees (-180 to 180; `Longitude`).
   *
   * @default - the device's own
   */
  readonly longitude?: number;

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
/**
 * An account's pool (`devicepool:<project id>/<pool id>`) or one AWS curates (no account, `devicepool:<pool id>`),
 * capturing its partition, region and account (none for a pool AWS curates).
 */
const POOL_ARN = /^arn:(aws[a-z-]*):devicefarm:([a-z0-9-]+):(\d{12})?:devicepool:[A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)?$/;

/**
 * An ARN's parts; a project ARN built with the pipeline's account (`arn:aws:devicefarm:us-west-2:${Token}:project:id`)
 * keeps its literal parts literal.
 */
function splitArn(arn: string): ArnComponents {
  const parts = arn.split(':');
  const literal = (i: number) => !Token.isUnresolved(parts[i]);
  if (parts.length >= 7 && parts[0] === 'arn' && [1, 2, 3, 5, 6].every(literal)) {
    return { partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5], resourceName: parts.slice(6).join(':'), arnFormat: ArnFormat.COLON_RESOURCE_NAME };
  }
  return Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME);
}

/** A whole number option in its range, or an error naming it. */
function checkRange(name: string, value: number | undefined, min: number, max: number, whole = true): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if ((whole && !Number.isInteger(value)) || value < min || value > max) {
    fail(undefined, 'InvalidDeviceFarmSetting', `Test.deviceFarm: ${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${show(value)}`);
  }
}

/** What the Device Farm test's IAM and action read, resolved from its options. */
interface DeviceFarmTestTargets {
  readonly input: codepipeline.Artifact;
  /** The project's id (the last part of its ARN; the action's `ProjectId`). */
  readonly projectId: string;
  /** The project's and the device pool's ARNs, as given (the grants' form). */
  readonly projectArn: string;
  readonly devicePoolArn: string;
  /** Whether the pool is one AWS curates (its ARN has no account). */
  readonly curatedPool: boolean;
  /** Builds a Device Farm ARN from grant parts, in the project's partition, region and account. */
  readonly arn: (resource: string, name: string) => string;
  /** Builds a Device Farm ARN for a call, from the project's literal parts and an id. */
  readonly callArn: (resource: string, id: string) => string;
}

/** Any upload of the project (the app and the tests it runs). */
const uploads = (t: DeviceFarmTestTargets) => t.arn('upload', `${t.projectId}/*`);
/** An upload and a run of the project, for the calls. */
const UPLOAD_ID = '0123abcd-0000-4000-8000-000000000001';
const RUN_ID = '0123abcd-0000-4000-8000-000000000002';

/**
 * The Device Farm test's IAM (the page's service role permissions), with the calls it makes: each
 * action on the resource types it takes (service authorization reference): CreateUpload and
 * ListDevicePools on the project only; ScheduleRun on the project, the device pool and the uploads
 * (app and tests) it runs. The calls' resources are built from the project's and pool's ids (not
 * from the grants).
 */
export const DEVICE_FARM_IAM: ProviderIam<DeviceFarmTestTargets> = {
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-DeviceFarm.html#edit-role-devicefarm',
  artifacts: ArtifactAccess.READ,
  statements: [
    {
      actions: ['devicefarm:CreateUpload', 'devicefarm:ListDevicePools'],
      resources: t => [t.projectArn],
      calls: t => [{ resource: t.callArn('project', t.projectId) }],
    },
    {
      actions: ['devicefarm:ScheduleRun'],
      resources: t => [t.projectArn, t.devicePoolArn, uploads(t)],
      calls: t => [
        { resource: t.callArn('project', t.projectId) },
        // A curated pool's ARN has no account (`arn:aws:devicefarm:us-west-2::devicepool:...`); the
        // simulator matches no resource type to it, so only an account's own pool is simulated.
        ...(t.curatedPool ? [] : [{ resource: t.devicePoolArn }]),
        { resource: t.callArn('upload', `${t.projectId}/${UPLOAD_ID}`) },
      ],
    },
    {
      actions: ['devicefarm:GetUpload'],
      resources: t => [uploads(t)],
      calls: t => [{ resource: t.callArn('upload', `${t.projectId}/${UPLOAD_ID}`) }],
    },
    {
      actions: ['devicefarm:GetRun'],
      resources: t => [t.arn('run', `${t.projectId}/*`)],
      calls: t => [{ resource: t.callArn('run', `${t.projectId}/${RUN_ID}`) }],
    },
    {
      actions: ['devicefarm:ListProjects'],
      resources: () => ['*'],
      unscoped: 'ListProjects supports no resource-level permissions.',
      calls: () => [{ resource: '*' }],
    },
  ],
  denied: t => [
    { action: 'devicefarm:ScheduleRun', resource: t.callArn('project', '00000000-0000-4000-8000-000000000000'), reason: 'another Device Farm project' },
    { action: 'devicefarm:CreateUpload', resource: t.callArn('project', '00000000-0000-4000-8000-000000000000'), reason: 'another Device Farm project' },
    { action: 'devicefarm:DeleteProject', resource: t.callArn('project', t.projectId), reason: 'the project outlives the pipeline' },
  ],
};

export class DeviceFarmTest extends ProviderAction<DeviceFarmTestOptions, DeviceFarmTestTargets> {
  public readonly defaultActionName = 'DeviceFarm';
  protected readonly permissions = DEVICE_FARM_IAM;

  constructor(options: DeviceFarmTestOptions) {
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
    checkRange('fuzzEventCount', o.fuzzEventCount, 1, 10_000);
    checkRange('fuzzEventThrottle', o.fuzzEventThrottle, 1, 1_000);
    checkRange('fuzzRandomizerSeed', o.fuzzRandomizerSeed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    checkRange('latitude', o.latitude, -90, 90, false);
    checkRange('longitude', o.longitude, -180, 180, false);
  }

  protected targets(_scope: Construct, context: IStepContext): DeviceFarmTestTargets {
    const o = this.options;
    const input = context.artifact(o.input ?? PipelineArtifact.BUILD_OUTPUT);
    const project = splitArn(o.projectArn);
    return {
      input,
      projectId: project.resourceName!,
      projectArn: o.projectArn,
      devicePoolArn: o.devicePoolArn,
      curatedPool: Arn.split(o.devicePoolArn, ArnFormat.COLON_RESOURCE_NAME).account === '',
      arn: (resource, name) => Arn.format({
        partition: project.partition,
        service: 'devicefarm',
        region: project.region,
        account: project.account,
        resource,
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      callArn: (resource, id) => `arn:${project.partition}:devicefarm:${project.region}:${project.account}:${resource}:${id}`,
    };
  }

  protected bound(_scope: Construct, _context: IStepContext, t: DeviceFarmTestTargets, base: ActionBase): codepipeline.IAction[] {
    const o = this.options;
    const setting = (value: boolean | undefined) => String(value ?? true);
    const radio = (value: boolean | undefined) => setting(value ?? o.radiosEnabled);
    const given = (value: boolean | number | undefined) => (value !== undefined ? String(value) : undefined);
    return [new GenericAction({
      ...base,
      category: codepipeline.ActionCategory.TEST,
      owner: 'AWS',
      provider: 'DeviceFarm',
      version: '1',
      artifactBounds: DEVICE_FARM_PROVIDER.bounds,
      inputs: [t.input],
      configuration: {
        ProjectId: t.projectId,
        DevicePoolArn: o.devicePoolArn,
        AppType: o.appType,
        App: o.app,
        TestType: o.testType,
        Test: o.test,
        TestSpec: o.testSpec,
        RecordVideo: setting(o.recordVideo),
        RecordAppPerformanceData: setting(o.recordAppPerformanceData),
        RadioWifiEnabled: radio(o.radioWifiEnabled),
        RadioBluetoothEnabled: radio(o.radioBluetoothEnabled),
        RadioNfcEnabled: radio(o.radioNfcEnabled),
        RadioGpsEnabled: radio(o.radioGpsEnabled),
        JobTimeoutMinutes: o.jobTimeout ? String(o.jobTimeout.toMinutes()) : undefined,
        AppiumVersion: o.appiumVersion,
        FuzzEventCount: given(o.fuzzEventCount),
        FuzzEventThrottle: given(o.fuzzEventThrottle),
        FuzzRandomizerSeed: given(o.fuzzRandomizerSeed),
        CustomHostMachineArtifacts: o.customHostMachineArtifacts,
        CustomDeviceArtifacts: o.customDeviceArtifacts,
        UnmeteredDevicesOnly: given(o.unmeteredDevicesOnly),
        Latitude: given(o.latitude),
        Longitude: given(o.longitude),
      },
    })];
  }
}

function fromFile(a: ActionContext): StepFactory | undefined {
  const c = a.config;
  const projectId = c.ProjectId;
  const poolArn = c.DevicePoolArn;
  const appType = c.AppType as DeviceFarmAppType | undefined;
  const testType = c.TestType as DeviceFarmTestType | undefined;
  if (appType !== undefined && appType !== DeviceFarmAppType.WEB && c.App === undefined) a.required('App', "'app-release.apk' (an iOS or Android test)");
  if (testType !== undefined && testType !== DeviceFarmTestType.BUILTIN_FUZZ && c.Test === undefined) a.required('Test', "'tests.zip' (the test package)");
  const pool = poolArn !== undefined ? POOL_ARN.exec(poolArn) : null;
  if (poolArn !== undefined && !pool) {
    a.configProblem('InvalidConfiguration', `DevicePoolArn must be a Device Farm device pool ARN ('arn:aws:devicefarm:us-west-2:<account>:devicepool:<project id>/<pool id>'), got '${poolArn}'`, 'DevicePoolArn');
  }
  const decimal = (key: string): number | undefined => {
    if (c[key] === undefined) return undefined;
    const value = Number(c[key]);
    if (c[key].trim() === '' || Number.isNaN(value)) a.configProblem('InvalidConfiguration', `'${key}' must be a number of degrees, got '${c[key]}'`, key);
    return value;
  };
  const latitude = decimal('Latitude');
  const longitude = decimal('Longitude');
  if (projectId === undefined || !pool || appType === undefined || testType === undefined) return undefined;
  // Test.deviceFarm at call time (test.ts imports this module).
  return scope => Test.deviceFarm({
    actionName: a.name,
    runOrder: a.data.runOrder,
    // ProjectId is the project's id: the project is in the pool's region and account, or (a pool AWS
    // curates has no account) the pipeline's.
    projectArn: projectId.startsWith('arn:') ? projectId : `arn:${pool[1]}:devicefarm:${pool[2]}:${pool[3] ?? Stack.of(scope).account}:project:${projectId}`,
    devicePoolArn: poolArn!,
    appType,
    app: c.App,
    testType,
    test: c.Test,
    testSpec: c.TestSpec,
    appiumVersion: c.AppiumVersion,
    recordVideo: flag(a, 'RecordVideo'),
    recordAppPerformanceData: flag(a, 'RecordAppPerformanceData'),
    radioWifiEnabled: flag(a, 'RadioWifiEnabled'),
    radioBluetoothEnabled: flag(a, 'RadioBluetoothEnabled'),
    radioNfcEnabled: flag(a, 'RadioNfcEnabled'),
    radioGpsEnabled: flag(a, 'RadioGpsEnabled'),
    fuzzEventCount: integer(a, 'FuzzEventCount'),
    fuzzEventThrottle: integer(a, 'FuzzEventThrottle'),
    fuzzRandomizerSeed: integer(a, 'FuzzRandomizerSeed'),
    customHostMachineArtifacts: c.CustomHostMachineArtifacts,
    customDeviceArtifacts: c.CustomDeviceArtifacts,
    unmeteredDevicesOnly: flag(a, 'UnmeteredDevicesOnly'),
    jobTimeout: c.JobTimeoutMinutes !== undefined ? Duration.minutes(Number(c.JobTimeoutMinutes)) : undefined,
    latitude,
    longitude,
    input: a.inputs[0] !== undefined ? a.inputRef(a.inputs[0]) : undefined,
  });
}

const bool = (name: string, option: string, description: string) =>
  ({ name, kind: KeyKind.BOOLEAN, option, description, example: 'true' });

/** The AWS Device Farm test provider (action reference: DeviceFarm). */
export const DEVICE_FARM_PROVIDER: ProviderDefinition = {
  title: 'AWS Device Farm test',
  category: 'Test',
  owner: 'AWS',
  provider: 'DeviceFarm',
  version: '1',
  documentation: 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-DeviceFarm.html',
  factory: 'Test.deviceFarm',
  iam: [DEVICE_FARM_IAM],
  bounds: { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 },
  keys: [
    { name: 'AppType', required: true, kind: KeyKind.ENUM, values: Object.values(DeviceFarmAppType), option: 'appType', description: 'The OS and type of the app under test.', example: 'Android' },
    { name: 'ProjectId', required: true, kind: KeyKind.STRING, option: 'projectArn', description: 'The Device Farm project ID (or its ARN).', example: 'eec4905f-98f8-40aa-9afc-4c1cfexample' },
    { name: 'App', kind: KeyKind.STRING, option: 'app', description: 'The app file in the input artifact (required except for web apps).', example: 's3-ios-test-1.ipa' },
    { name: 'AppiumVersion', kind: KeyKind.STRING, option: 'appiumVersion', description: 'The Appium version of the test (not processed: Device Farm uses its default).', example: '1.7.2' },
    { name: 'DevicePoolArn', required: true, kind: KeyKind.STRING, option: 'devicePoolArn', description: 'The device pool ARN.', example: 'arn:aws:devicefarm:us-west-2::devicepool:0EXAMPLE-d7d7-48a5-ba5c-b33d66efa1f5' },
    { name: 'TestType', required: true, kind: KeyKind.ENUM, values: Object.values(DeviceFarmTestType), option: 'testType', description: 'The test framework.', example: 'APPIUM_PYTHON' },
    { name: 'Test', kind: KeyKind.STRING, option: 'test', description: 'The test package in the input artifact (required except for BUILTIN_FUZZ).', example: 'tests.zip' },
    { name: 'TestSpec', kind: KeyKind.STRING, option: 'testSpec', description: 'The test spec file in the input artifact (custom mode).', example: 'testspec.yml' },
    bool('RadioBluetoothEnabled', 'radioBluetoothEnabled', 'Enable Bluetooth at the beginning of the test.'),
    bool('RecordAppPerformanceData', 'recordAppPerformanceData', 'Record performance data (CPU, FPS, memory) during the test.'),
    bool('RecordVideo', 'recordVideo', 'Record video during the test.'),
    bool('RadioWifiEnabled', 'radioWifiEnabled', 'Enable Wi-Fi at the beginning of the test.'),
    bool('RadioNfcEnabled', 'radioNfcEnabled', 'Enable NFC at the beginning of the test.'),
    bool('RadioGpsEnabled', 'radioGpsEnabled', 'Enable GPS at the beginning of the test.'),
    { name: 'FuzzEventCount', kind: KeyKind.INTEGER, min: 1, max: 10_000, option: 'fuzzEventCount', description: 'How many user interface events the fuzz test performs.', example: '6000' },
    { name: 'FuzzEventThrottle', kind: KeyKind.INTEGER, min: 1, max: 1_000, option: 'fuzzEventThrottle', description: 'Milliseconds the fuzz test waits between events.', example: '50' },
    { name: 'FuzzRandomizerSeed', kind: KeyKind.INTEGER, option: 'fuzzRandomizerSeed', description: 'The seed that randomizes the fuzz test events.', example: '1234' },
    { name: 'CustomHostMachineArtifacts', kind: KeyKind.STRING, option: 'customHostMachineArtifacts', description: 'Where custom artifacts are stored on the host machine.', example: '$DEVICEFARM_LOG_DIR' },
    { name: 'CustomDeviceArtifacts', kind: KeyKind.STRING, option: 'customDeviceArtifacts', description: 'Where custom artifacts are stored on the device.', example: '/sdcard/artifacts' },
    bool('UnmeteredDevicesOnly', 'unmeteredDevicesOnly', 'Run on unmetered devices only.'),
    { name: 'JobTimeoutMinutes', kind: KeyKind.INTEGER, min: 5, max: 150, option: 'jobTimeout', description: 'Minutes a test run executes per device before it times out.', example: '60' },
    { name: 'Latitude', kind: KeyKind.STRING, option: 'latitude', description: 'The device latitude, in degrees.', example: '47.6204' },
    { name: 'Longitude', kind: KeyKind.STRING, option: 'longitude', description: 'The device longitude, in degrees.', example: '-122.3491' },
  ],
  samples: [{ keys: ['App', 'Test'] }],
  fromFile,
};
