import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { COMPLIANCE_PACK_ACKNOWLEDGEMENTS } from '../nag-acknowledgements';

/**
 * The cdk-nag AwsSolutions findings the environments pipeline keeps on purpose, each acknowledged
 * exactly (one finding id each, never a whole rule) with the reason it is safe.
 */
export const ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS: ReadonlyArray<{ readonly id: string; readonly reason: string }> = [
  {
    id: 'AwsSolutions-IAM5[Resource::<ShopArtifactsF988AD04.Arn>/*]',
    reason: "Pipeline artifacts have keys CodePipeline generates per execution; access is limited to exact object actions on the pipeline's own artifact bucket.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:role/delivery-pipeline/ShopEnvironments-Shop-897C61F9/*]',
    reason: 'The pipeline role may assume exactly the action roles of its own pipeline, which live under an IAM path of their own.',
  },


  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/aws/codebuild/<ShopBuildSynthProject744BBE3D>:*]',
    reason: "Log streams of the build project's own log group.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:eu-west-1:123456789012:report-group/<ShopBuildSynthProject744BBE3D>-*]',
    reason: 'Report groups named after the build project itself (CodeBuild creates them per report).',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/aws/codebuild/<ShopTestUnitProjectDC9CF6A4>:*]',
    reason: "Log streams of the Unit test project's own log group.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:eu-west-1:123456789012:report-group/<ShopTestUnitProjectDC9CF6A4>-*]',
    reason: 'Report groups named after the Unit test project itself (CodeBuild creates them per report).',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/aws/codebuild/<ShopStagingAcceptanceProjectB218EC9C>:*]',
    reason: "Log streams of the Acceptance test project's own log group.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:eu-west-1:123456789012:report-group/<ShopStagingAcceptanceProjectB218EC9C>-*]',
    reason: 'Report groups named after the Acceptance test project itself (CodeBuild creates them per report).',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/aws/codebuild/<ShopUpdatePipelineSelfMutateProject5A2B6EEF>:*]',
    reason: "Log streams of the self-mutation project's own log group.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:eu-west-1:123456789012:report-group/<ShopUpdatePipelineSelfMutateProject5A2B6EEF>-*]',
    reason: 'Report groups named after the self-mutation project itself (CodeBuild creates them per report).',
  },
  ...[['Development', 'ShopDevelopmentAssetsProjectF310226A'], ['Staging', 'ShopStagingAssetsProjectC19B2906'], ['Production', 'ShopProductionAssetsProject141426C7']]
    .flatMap(([environment, project]) => [
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:/aws/codebuild/<${project}>:*]`,
        reason: `Log streams of the ${environment} asset-publishing project's own log group.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:eu-west-1:123456789012:report-group/<${project}>-*]`,
        reason: `Report groups named after the ${environment} asset-publishing project itself (CodeBuild creates them per report).`,
      },
    ]),
];

/** Acknowledges the findings above on the pipeline construct. */
export function acknowledgeEnvironmentsPipelineFindings(pipeline: IConstruct): void {
  Validations.of(pipeline).acknowledge(...ENVIRONMENTS_PIPELINE_ACKNOWLEDGEMENTS, ...COMPLIANCE_PACK_ACKNOWLEDGEMENTS);
}
