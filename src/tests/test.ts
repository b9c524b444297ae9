import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import { CodeBuildTest, CodeBuildTestOptions } from './codebuild';
import { DeviceFarmTest, DeviceFarmTestOptions } from './device-farm';
import { InspectorImageScan, InspectorImageScanOptions, InspectorSourceScan, InspectorSourceScanOptions } from './inspector';
import { CustomActionOptions } from '../builds/custom-action';
import { JenkinsOptions, JenkinsStep } from '../builds/jenkins';
import { IStepContext, PipelineStep, StepBinding, StepCategory } from '../core/step';
import { CustomStep } from '../providers/private/custom-step';
import { registerProviderStep, StepBinder } from '../providers/provider-action';

/**
 * A test step. The pipeline's `tests` run in parallel, after the build.
 */
export abstract class Test extends PipelineStep {
  /**
   * Runs tests with AWS CodeBuild; by default on the source, with JUnit reports if given. The action is
   * called `Test` unless `actionName` names it (name each of several tests).
   *
   * @example
   * Test.codeBuild({
   *   actionName: 'Unit',
   *   commands: ['npm ci', 'npm test'],
   *   reports: [{ name: 'junit', files: ['reports/junit.xml'] }],
   * });
   */
  public static codeBuild(options: CodeBuildTestOptions): Test {
    return new ImplementedTest(new CodeBuildTest(options));
  }

  /**
   * Runs an app's tests on real devices in AWS Device Farm.
   *
   * @example
   * Test.deviceFarm({
   *   projectArn, devicePoolArn, appType: DeviceFarmAppType.ANDROID, app: 'app-release.apk',
   *   testType: DeviceFarmTestType.APPIUM_PYTHON, test: 'tests.zip',
   * });
   */
  public static deviceFarm(options: DeviceFarmTestOptions): Test {
    return new ImplementedTest(new DeviceFarmTest(options));
  }

  /**
   * Scans source code for vulnerabilities with Amazon Inspector; fails above the severity thresholds.
   *
   * @example
   * Test.inspectorSourceScan({ criticalThreshold: 0, highThreshold: 0, mediumThreshold: 10 });
   */
  public static inspectorSourceScan(options: InspectorSourceScanOptions = {}): Test {
    return new ImplementedTest(new InspectorSourceScan(options));
  }

  /**
   * Scans a container image in Amazon ECR with Amazon Inspector; fails above the severity thresholds.
   *
   * @example
   * Test.inspectorImageScan(repository, { imageTag: 'release', highThreshold: 0 });
   */
  public static inspectorImageScan(repository: ecr.IRepository, options: InspectorImageScanOptions = {}): Test {
    return new ImplementedTest(new InspectorImageScan(repository, options));
  }

  /**
   * Runs a Jenkins job as a test, through the Jenkins CodePipeline plugin.
   *
   * @example
   * Test.jenkins({ provider: jenkinsProvider, projectName: 'shop-e2e' });
   */
  public static jenkins(options: JenkinsOptions): Test {
    return new ImplementedTest(new JenkinsStep(actions.JenkinsActionType.TEST, options));
  }

  /**
   * Any custom or third-party test action type (BlazeMeter, Ghost Inspector, your own job worker).
   *
   * @example
   * Test.custom({ owner: ActionOwner.THIRD_PARTY, provider: 'BlazeMeter', configuration: { ProjectId: '1234' } });
   */
  public static custom(options: CustomActionOptions): Test {
    return new ImplementedTest(new CustomStep('Test.custom', codepipeline.ActionCategory.TEST, options));
  }

  public readonly category = StepCategory.TEST;
}

/**
 * What every `Test` factory returns: a test that binds through its provider module's binder. Private, as
 * in aws-cdk-lib's `CodePipelineSource`: users see `Test`, and `bind` is the binder's.
 */
class ImplementedTest extends Test {
  public readonly defaultActionName: string;

  constructor(private readonly binder: StepBinder) {
    super(binder.options);
    this.defaultActionName = binder.defaultActionName;
    registerProviderStep(this, binder);
  }

  public bind(scope: Construct, context: IStepContext): StepBinding {
    return this.binder.bind(scope, context);
  }
}
