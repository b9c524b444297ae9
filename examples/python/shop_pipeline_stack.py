"""The seed pipeline in Python: the same stack as examples/shop-pipeline-stack.ts, with the same ids."""
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_delivery_pipeline import (
    Approval,
    Build,
    DeliveryPipeline,
    Deploy,
    Invoke,
    MonitoringOptions,
    Source,
    Test,
)
from constructs import Construct

from nag_acknowledgements import acknowledge_shop_pipeline_findings

DEFAULT_CONNECTION_ARN = (
    "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
)


class ShopPipelineStack(Stack):
    """GitHub (through a connection) -> CodeBuild image build (pushed to ECR) -> two parallel CodeBuild tests -> manual
    approval -> ECS deploy -> Lambda smoke test. The shop's service and smoke test are imported."""

    def __init__(self, scope: Construct, id: str, *, connection_arn: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)
        cluster = ecs.Cluster.from_cluster_arn(
            self, "Cluster", self.format_arn(service="ecs", resource="cluster", resource_name="shop")
        )
        service = ecs.FargateService.from_fargate_service_attributes(
            self, "Service", cluster=cluster, service_name="shop-web"
        )
        task_definition = ecs.FargateTaskDefinition.from_fargate_task_definition_attributes(
            self,
            "TaskDefinition",
            task_definition_arn=self.format_arn(
                service="ecs", resource="task-definition", resource_name="shop-web:1"
            ),
            network_mode=ecs.NetworkMode.AWS_VPC,
            task_role=iam.Role.from_role_name(self, "TaskRole", "shop-web-task"),
            execution_role=iam.Role.from_role_name(self, "ExecutionRole", "shop-web-execution"),
        )
        smoke_test = lambda_.Function.from_function_name(self, "SmokeTest", "shop-smoke-test")
        npm_token = secretsmanager.Secret.from_secret_name_v2(self, "NpmToken", "shop/npm-token")
        repository = ecr.Repository.from_repository_name(self, "Repository", "shop-web")

        # --- the pipeline ---
        self.delivery = DeliveryPipeline(
            self,
            "Shop",
            source=Source.connection("acme/shop", "main", connection_arn=connection_arn),
            build_step=Build.container_image(
                repository=repository,
                container_name="web",
                secrets={"NPM_TOKEN": npm_token},
                pull_through_cache_prefix="docker-hub",
            ),
            tests=[
                Test.code_build(action_name="Unit", commands=["npm ci", "npm test"]),
                Test.code_build(action_name="Lint", commands=["npm ci", "npm run lint"]),
            ],
            approval=Approval.manual(notify=["ops@acme.example"]),
            deploy=Deploy.ecs(service=service, task_definition=task_definition),
            invoke=Invoke.lambda_function(smoke_test),
            monitoring=MonitoringOptions(emails=["ops@acme.example"]),
        )
        # --- end of the pipeline ---

        acknowledge_shop_pipeline_findings(self.delivery)


def build_app(app: App) -> ShopPipelineStack:
    """Builds the example app (account 123456789012, eu-west-1, like the TypeScript example)."""
    return ShopPipelineStack(
        app,
        "ShopPipeline",
        env=Environment(account="123456789012", region="eu-west-1"),
        connection_arn=app.node.try_get_context("connectionArn") or DEFAULT_CONNECTION_ARN,
    )
