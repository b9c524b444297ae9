// The seed pipeline's app, in Go: the same stack as examples/shop-pipeline-stack.ts, with the same ids
// (`npx cdk synth` from examples/go; cdk.json runs `go run .`).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/cdk-delivery-pipeline/cdk-delivery-pipeline-go/cdkdeliverypipeline"
)

const defaultConnectionArn = "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789"

// ShopPipelineStackProps is what the release pipeline of the shop needs to know about the shop's infrastructure.
type ShopPipelineStackProps struct {
	awscdk.StackProps
	// The AWS CodeConnections connection to the shop's GitHub organisation.
	ConnectionArn *string
}

// NewShopPipelineStack builds GitHub (through a connection) -> CodeBuild image build (pushed to ECR) -> two
// parallel CodeBuild tests -> manual approval -> ECS deploy -> Lambda smoke test. The shop's service and smoke
// test are imported.
func NewShopPipelineStack(scope constructs.Construct, id string, props *ShopPipelineStackProps) (awscdk.Stack, cdkdeliverypipeline.DeliveryPipeline) {
	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	cluster := awsecs.Cluster_FromClusterArn(stack, jsii.String("Cluster"), stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("ecs"), Resource: jsii.String("cluster"), ResourceName: jsii.String("shop"),
	}))
	service := awsecs.FargateService_FromFargateServiceAttributes(stack, jsii.String("Service"), &awsecs.FargateServiceAttributes{
		Cluster: cluster, ServiceName: jsii.String("shop-web"),
	})
	taskDefinition := awsecs.FargateTaskDefinition_FromFargateTaskDefinitionAttributes(stack, jsii.String("TaskDefinition"), &awsecs.FargateTaskDefinitionAttributes{
		TaskDefinitionArn: stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("ecs"), Resource: jsii.String("task-definition"), ResourceName: jsii.String("shop-web:1"),
		}),
		NetworkMode:   awsecs.NetworkMode_AWS_VPC,
		TaskRole:      awsiam.Role_FromRoleName(stack, jsii.String("TaskRole"), jsii.String("shop-web-task"), nil),
		ExecutionRole: awsiam.Role_FromRoleName(stack, jsii.String("ExecutionRole"), jsii.String("shop-web-execution"), nil),
	})
	smokeTest := awslambda.Function_FromFunctionName(stack, jsii.String("SmokeTest"), jsii.String("shop-smoke-test"))
	npmToken := awssecretsmanager.Secret_FromSecretNameV2(stack, jsii.String("NpmToken"), jsii.String("shop/npm-token"))
	repository := awsecr.Repository_FromRepositoryName(stack, jsii.String("Repository"), jsii.String("shop-web"))

	// --- the pipeline ---
	delivery := cdkdeliverypipeline.NewDeliveryPipeline(stack, jsii.String("Shop"), &cdkdeliverypipeline.DeliveryPipelineProps{
		Source: cdkdeliverypipeline.Source_Connection(jsii.String("acme/shop"), jsii.String("main"), &cdkdeliverypipeline.ConnectionSourceOptions{
			ConnectionArn: props.ConnectionArn,
		}),
		BuildStep: cdkdeliverypipeline.Build_ContainerImage(&cdkdeliverypipeline.ContainerImageBuildOptions{
			Repository: repository, ContainerName: jsii.String("web"),
			Secrets: &map[string]awssecretsmanager.ISecret{"NPM_TOKEN": npmToken}, PullThroughCachePrefix: jsii.String("docker-hub"),
		}),
		Tests: &[]cdkdeliverypipeline.Test{
			cdkdeliverypipeline.Test_CodeBuild(&cdkdeliverypipeline.CodeBuildTestOptions{ActionName: jsii.String("Unit"), Commands: jsii.Strings("npm ci", "npm test")}),
			cdkdeliverypipeline.Test_CodeBuild(&cdkdeliverypipeline.CodeBuildTestOptions{ActionName: jsii.String("Lint"), Commands: jsii.Strings("npm ci", "npm run lint")}),
		},
		Approval:   cdkdeliverypipeline.Approval_Manual(&cdkdeliverypipeline.ManualApprovalOptions{Notify: jsii.Strings("ops@acme.example")}),
		Deploy:     cdkdeliverypipeline.Deploy_Ecs(&cdkdeliverypipeline.EcsDeployOptions{Service: service, TaskDefinition: taskDefinition}),
		Invoke:     cdkdeliverypipeline.Invoke_LambdaFunction(smokeTest, nil),
		Monitoring: &cdkdeliverypipeline.MonitoringOptions{Emails: jsii.Strings("ops@acme.example")},
	})
	// --- end of the pipeline ---

	AcknowledgeShopPipelineFindings(delivery)
	return stack, delivery
}

// BuildApp builds the example app (account 123456789012, eu-west-1, like the TypeScript example).
func BuildApp(app awscdk.App) awscdk.Stack {
	connectionArn := defaultConnectionArn
	if value, ok := app.Node().TryGetContext(jsii.String("connectionArn")).(string); ok && value != "" {
		connectionArn = value
	}
	stack, _ := NewShopPipelineStack(app, "ShopPipeline", &ShopPipelineStackProps{
		StackProps: awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
		},
		ConnectionArn: jsii.String(connectionArn),
	})
	return stack
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	BuildApp(app)
	app.Synth(nil)
}
