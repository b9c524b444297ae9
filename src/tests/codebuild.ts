import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Construct } from 'constructs';
import { CodeBuildStepOptions } from '../builds/codebuild-options';
import { fail, show } from '../core/private/errors';
import { IStepContext, StepBinding } from '../core/step';
import { bindCodeBuildStep } from '../providers/private/codebuild-step';
import { StepBinder } from '../providers/provider-action';

/** The format of a test or coverage report file. */
export enum ReportFormat {
  /** JUnit XML test results. */
  JUNIT_XML = 'JUNITXML',
  /** Cucumber JSON test results. */
  CUCUMBER_JSON = 'CUCUMBERJSON',
  /** TestNG XML test results. */
  TESTNG_XML = 'TESTNGXML',
  /** NUnit XML test results. */
  NUNIT_XML = 'NUNITXML',
  /** NUnit 3 XML test results. */
  NUNIT3_XML = 'NUNIT3XML',
  /** Visual Studio TRX test results. */
  VISUAL_STUDIO_TRX = 'VISUALSTUDIOTRX',
  /** Clover XML code coverage. */
  CLOVER_XML = 'CLOVERXML',
  /** Cobertura XML code coverage. */
  COBERTURA_XML = 'COBERTURAXML',
  /** JaCoCo XML code coverage. */
  JACOCO_XML = 'JACOCOXML',
  /** SimpleCov JSON code coverage. */
  SIMPLECOV_JSON = 'SIMPLECOVJSON',
}

/** A report CodeBuild collects after the tests ran, shown in the CodeBuild console. */
export interface TestReport {
  /** The report's name (the report group is `<project>-<name>`). */
  readonly name: string;

  /** Glob patterns of the report files. */
  readonly files: string[];

  /**
   * The report files' format.
   *
   * @default ReportFormat.JUNIT_XML
   */
  readonly format?: ReportFormat;

  /**
   * The folder the patterns are relative to.
   *
   * @default - the working directory
   */
  readonly baseDirectory?: string;
}

/**
 * Options for `Test.codeBuild`. Name each test with `actionName` (e.g. `Unit`, `Integration`): tests run
 * side by side in one stage, so two unnamed tests (both `Test`) are a synth error.
 */
export interface CodeBuildTestOptions extends CodeBuildStepOptions {
  /**
   * Test and coverage reports to collect.
   *
   * @default - none
   */
  readonly reports?: TestReport[];
}

/**
 * A CodeBuild test binds through `bindCodeBuildStep`, as a CodeBuild build does: its actions share the
 * stage's CodeBuild action role, whose IAM that binding writes.
 */
export class CodeBuildTest implements StepBinder {
  public readonly defaultActionName = 'Test';

  constructor(public readonly options: CodeBuildTestOptions) {}

  public bind(scope: Construct, context: IStepContext): StepBinding {
    // Before 0.x the test's name was `name`; JavaScript callers get no compile error for it.
    const renamed = (this.options as { name?: unknown }).name;
    if (renamed !== undefined) {
      fail(scope, 'RenamedOption',
        `Test.codeBuild takes 'actionName', like every step, not 'name' (got name: ${show(renamed)}): ` +
        `write Test.codeBuild({ actionName: ${show(renamed)}, ... })`);
    }
    return bindCodeBuildStep(scope, context, {
      ...this.options,
      produceOutput: false,
      reports: this.options.reports?.map(r => ({ ...r, format: r.format ?? ReportFormat.JUNIT_XML })),
      type: actions.CodeBuildActionType.TEST,
    });
  }
}
