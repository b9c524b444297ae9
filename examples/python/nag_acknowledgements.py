"""The cdk-nag findings the shop pipeline keeps on purpose: the same exact finding ids and reasons as
examples/nag-acknowledgements.ts (.ci/python-example.sh fails when the two differ)."""
from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

# AwsSolutions findings, each acknowledged exactly (one finding id each, never a whole rule).
SHOP_PIPELINE_ACKNOWLEDGEMENTS = [
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::<ShopArtifactsF988AD04.Arn>/*]",
        reason=(
            "Pipeline artifacts have keys CodePipeline generates per execution; access is limited to exact "
            "object actions on the pipeline's own artifact bucket."
        ),
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:role/delivery-pipeline/ShopPipeline-Shop-18E191FA/*]",
        reason=(
            "The pipeline role may assume the roles under its own pipeline's IAM path, which hold exactly the "
            "action roles; one statement instead of one per action keeps the policy within IAM quotas at 500 "
            "actions."
        ),
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::*]",
        reason=(
            "ecs:DescribeTaskDefinition and lambda:ListFunctions support no resource-level "
            "permissions; ecs:ListTasks is limited to the cluster by an ecs:cluster condition."
        ),
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:eu-west-1:123456789012:function:shop-smoke-test:*]",
        reason="Versions and aliases of the one smoke-test function the pipeline invokes.",
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:eu-west-1:123456789012:secret:shop/npm-token*]",
        reason=(
            "The secret is imported by name, so its ARN ends in a random suffix that only a trailing "
            "wildcard matches (aws-cdk-lib grant)."
        ),
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-west-1:123456789012:repository/docker-hub/*]",
        reason="The repositories of the account's ECR pull-through cache rule 'docker-hub' (one per upstream base image, created by the cache on first pull): pull and import only, never push.",
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/shop/*]",
        reason="ecs:DescribeTasks on the tasks of the service's own cluster, which the deployment watches.",
    ),
    Acknowledgment(
        id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task-definition/shop-web:*]",
        reason=(
            "ecs:RegisterTaskDefinition, and ecs:TagResource only while registering (ecs:CreateAction "
            "condition), on revisions of the service's own task definition family."
        ),
    ),
    Acknowledgment(
        id="AwsSolutions-CB4",
        reason=(
            "Build output and caches are encrypted at rest by the SSE-S3 artifact bucket and the "
            "CodeBuild-managed key; a customer managed key (about $1/month) is used when "
            "artifactStorage.encryptionKey is given."
        ),
    ),
]

REPLICATION = (
    "Artifacts are rebuilt from source by the pipeline and access logs are an audit trail of this "
    "bucket; cross-region replication would double storage cost for data that can be regenerated. "
    "Versioning and RETAIN protect against loss."
)
SSE_S3 = (
    "SSE-S3 by design for the artifact and access-log buckets: no customer managed key (about $1/month) unless one is needed "
    "(cross-account); pass artifactStorage.encryptionKey to encrypt artifacts and build output with "
    "a customer managed key."
)
CODEPIPELINE_SOURCE = (
    "The projects take their source from CodePipeline (source type CODEPIPELINE): the pipeline "
    "fetches the repository through a CodeConnections connection, so no repository URL or "
    "credentials are configured on the projects."
)

# NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 findings kept on purpose.
COMPLIANCE_PACK_ACKNOWLEDGEMENTS = [
    Acknowledgment(id="NIST.800.53.R5-S3BucketReplicationEnabled", reason=REPLICATION),
    Acknowledgment(id="NIST.800.53.R5-S3DefaultEncryptionKMS", reason=SSE_S3),
    Acknowledgment(id="HIPAA.Security-S3BucketReplicationEnabled", reason=REPLICATION),
    Acknowledgment(id="HIPAA.Security-S3DefaultEncryptionKMS", reason=SSE_S3),
    Acknowledgment(id="HIPAA.Security-CodeBuildProjectSourceRepoUrl", reason=CODEPIPELINE_SOURCE),
    Acknowledgment(id="PCI.DSS.321-S3BucketReplicationEnabled", reason=REPLICATION),
    Acknowledgment(id="PCI.DSS.321-S3DefaultEncryptionKMS", reason=SSE_S3),
    Acknowledgment(id="PCI.DSS.321-CodeBuildProjectSourceRepoUrl", reason=CODEPIPELINE_SOURCE),
]


def acknowledge_shop_pipeline_findings(pipeline: IConstruct) -> None:
    """Acknowledges the findings above on the pipeline construct."""
    Validations.of(pipeline).acknowledge(*SHOP_PIPELINE_ACKNOWLEDGEMENTS, *COMPLIANCE_PACK_ACKNOWLEDGEMENTS)
