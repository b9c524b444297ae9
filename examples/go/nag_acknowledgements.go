package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// The cdk-nag findings the shop pipeline keeps on purpose: the same exact finding ids and reasons as
// examples/nag-acknowledgements.ts (.ci/go-example.sh fails when the two differ).

func ack(id, reason string) *awscdk.Acknowledgment {
	return &awscdk.Acknowledgment{Id: jsii.String(id), Reason: jsii.String(reason)}
}

// ShopPipelineAcknowledgements are the AwsSolutions findings, each acknowledged exactly (one finding id each,
// never a whole rule).
var ShopPipelineAcknowledgements = []*awscdk.Acknowledgment{
	ack("AwsSolutions-IAM5[Resource::<ShopArtifactsF988AD04.Arn>/*]",
		"Pipeline artifacts have keys CodePipeline generates per execution; access is limited to exact "+
			"object actions on the pipeline's own artifact bucket."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:role/delivery-pipeline/ShopPipeline-Shop-18E191FA/*]",
		"The pipeline role may assume the roles under its own pipeline's IAM path, which hold exactly the "+
			"action roles; one statement instead of one per action keeps the policy within IAM quotas at 500 "+
			"actions."),
	ack("AwsSolutions-IAM5[Resource::*]",
		"ecs:DescribeTaskDefinition and lambda:ListFunctions support no resource-level "+
			"permissions; ecs:ListTasks is limited to the cluster by an ecs:cluster condition."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:eu-west-1:123456789012:function:shop-smoke-test:*]",
		"Versions and aliases of the one smoke-test function the pipeline invokes."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:eu-west-1:123456789012:secret:shop/npm-token*]",
		"The secret is imported by name, so its ARN ends in a random suffix that only a trailing "+
			"wildcard matches (aws-cdk-lib grant)."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-west-1:123456789012:repository/docker-hub/*]",
		"The repositories of the account's ECR pull-through cache rule 'docker-hub' (one per upstream base image, "+
			"created by the cache on first pull): pull and import only, never push."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task/shop/*]",
		"ecs:DescribeTasks on the tasks of the service's own cluster, which the deployment watches."),
	ack("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:eu-west-1:123456789012:task-definition/shop-web:*]",
		"ecs:RegisterTaskDefinition, and ecs:TagResource only while registering (ecs:CreateAction "+
			"condition), on revisions of the service's own task definition family."),
	ack("AwsSolutions-CB4",
		"Build output and caches are encrypted at rest by the SSE-S3 artifact bucket and the "+
			"CodeBuild-managed key; a customer managed key (about $1/month) is used when "+
			"artifactStorage.encryptionKey is given."),
}

const (
	replication = "Artifacts are rebuilt from source by the pipeline and access logs are an audit trail of this " +
		"bucket; cross-region replication would double storage cost for data that can be regenerated. " +
		"Versioning and RETAIN protect against loss."
	sseS3 = "SSE-S3 by design for the artifact and access-log buckets: no customer managed key (about $1/month) unless one is needed " +
		"(cross-account); pass artifactStorage.encryptionKey to encrypt artifacts and build output with " +
		"a customer managed key."
	codePipelineSource = "The projects take their source from CodePipeline (source type CODEPIPELINE): the pipeline " +
		"fetches the repository through a CodeConnections connection, so no repository URL or " +
		"credentials are configured on the projects."
)

// CompliancePackAcknowledgements are the NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 findings kept on purpose.
var CompliancePackAcknowledgements = []*awscdk.Acknowledgment{
	ack("NIST.800.53.R5-S3BucketReplicationEnabled", replication),
	ack("NIST.800.53.R5-S3DefaultEncryptionKMS", sseS3),
	ack("HIPAA.Security-S3BucketReplicationEnabled", replication),
	ack("HIPAA.Security-S3DefaultEncryptionKMS", sseS3),
	ack("HIPAA.Security-CodeBuildProjectSourceRepoUrl", codePipelineSource),
	ack("PCI.DSS.321-S3BucketReplicationEnabled", replication),
	ack("PCI.DSS.321-S3DefaultEncryptionKMS", sseS3),
	ack("PCI.DSS.321-CodeBuildProjectSourceRepoUrl", codePipelineSource),
}

// AcknowledgeShopPipelineFindings acknowledges the findings above on the pipeline construct.
func AcknowledgeShopPipelineFindings(pipeline constructs.IConstruct) {
	all := append(append([]*awscdk.Acknowledgment{}, ShopPipelineAcknowledgements...), CompliancePackAcknowledgements...)
	awscdk.Validations_Of(pipeline).Acknowledge(all...)
}
