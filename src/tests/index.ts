export * from './test';
export { ReportFormat } from './codebuild';
export type { CodeBuildTestOptions, TestReport } from './codebuild';
export { DeviceFarmAppType, DeviceFarmTestType } from './device-farm';
export type { DeviceFarmTestOptions } from './device-farm';
export type { InspectorImageScanOptions, InspectorScanOptions, InspectorSourceScanOptions } from './inspector';
