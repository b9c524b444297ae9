package io.github.cdkdeliverypipeline.examples;

import java.util.List;
import java.util.Map;

import io.github.cdkdeliverypipeline.Approval;
import io.github.cdkdeliverypipeline.Build;
import io.github.cdkdeliverypipeline.CodeBuildTestOptions;
import io.github.cdkdeliverypipeline.ConnectionSourceOptions;
import io.github.cdkdeliverypipeline.ContainerImageBuildOptions;
import io.github.cdkdeliverypipeline.DeliveryPipeline;
import io.github.cdkdeliverypipeline.Deploy;
import io.github.cdkdeliverypipeline.EcsDeployOptions;
import io.github.cdkdeliverypipeline.Invoke;
import io.github.cdkdeliverypipeline.ManualApprovalOptions;
import io.github.cdkdeliverypipeline.MonitoringOptions;
import io.github.cdkdeliverypipeline.Source;
import io.github.cdkdeliverypipeline.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateServiceAttributes;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.FargateTaskDefinitionAttributes;
import software.amazon.awscdk.services.ecs.ICluster;
import software.amazon.awscdk.services.ecs.IFargateTaskDefinition;
import software.amazon.awscdk.services.ecs.IBaseService;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The seed pipeline in Java: the same stack as examples/shop-pipeline-stack.ts, with the same ids.
 *
 * <p>GitHub (through a connection) → CodeBuild image build (pushed to ECR) → two parallel CodeBuild tests → manual
 * approval → ECS deploy → Lambda smoke test. The shop's service and smoke test are imported.
 */
public class ShopPipelineStack extends Stack {
    static final String DEFAULT_CONNECTION_ARN =
        "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    private final DeliveryPipeline delivery;

    public ShopPipelineStack(final Construct scope, final String id, final StackProps props, final String connectionArn) {
        super(scope, id, props);
        ICluster cluster = Cluster.fromClusterArn(this, "Cluster",
            this.formatArn(ArnComponents.builder().service("ecs").resource("cluster").resourceName("shop").build()));
        IBaseService service = FargateService.fromFargateServiceAttributes(this, "Service",
            FargateServiceAttributes.builder().cluster(cluster).serviceName("shop-web").build());
        IFargateTaskDefinition taskDefinition = FargateTaskDefinition.fromFargateTaskDefinitionAttributes(this, "TaskDefinition",
            FargateTaskDefinitionAttributes.builder()
                .taskDefinitionArn(this.formatArn(ArnComponents.builder()
                    .service("ecs").resource("task-definition").resourceName("shop-web:1").build()))
                .networkMode(NetworkMode.AWS_VPC)
                .taskRole(Role.fromRoleName(this, "TaskRole", "shop-web-task"))
                .executionRole(Role.fromRoleName(this, "ExecutionRole", "shop-web-execution"))
                .build());
        IFunction smokeTest = Function.fromFunctionName(this, "SmokeTest", "shop-smoke-test");
        ISecret npmToken = Secret.fromSecretNameV2(this, "NpmToken", "shop/npm-token");
        IRepository repository = Repository.fromRepositoryName(this, "Repository", "shop-web");

        // --- the pipeline ---
        this.delivery = DeliveryPipeline.Builder.create(this, "Shop")
            .source(Source.connection("acme/shop", "main", ConnectionSourceOptions.builder().connectionArn(connectionArn).build()))
            .buildStep(Build.containerImage(ContainerImageBuildOptions.builder()
                .repository(repository).containerName("web").secrets(Map.of("NPM_TOKEN", npmToken))
                .pullThroughCachePrefix("docker-hub").build()))
            .tests(List.of(
                Test.codeBuild(CodeBuildTestOptions.builder().actionName("Unit").commands(List.of("npm ci", "npm test")).build()),
                Test.codeBuild(CodeBuildTestOptions.builder().actionName("Lint").commands(List.of("npm ci", "npm run lint")).build())))
            .approval(Approval.manual(ManualApprovalOptions.builder().notify(List.of("ops@acme.example")).build()))
            .deploy(Deploy.ecs(EcsDeployOptions.builder().service(service).taskDefinition(taskDefinition).build()))
            .invoke(Invoke.lambdaFunction(smokeTest))
            .monitoring(MonitoringOptions.builder().emails(List.of("ops@acme.example")).build())
            .build();
        // --- end of the pipeline ---

        // `-c nagAcknowledgements=false` leaves them out: .ci/java-example.sh does so only when Maven Central's newest
        // aws-cdk-lib predates the release whose Validations.acknowledge accepts cdk-nag's finding ids (README.md).
        if (!"false".equals(String.valueOf(this.getNode().tryGetContext("nagAcknowledgements")))) {
            NagAcknowledgements.acknowledgeShopPipelineFindings(this.delivery);
        }
    }

    public DeliveryPipeline getDelivery() {
        return delivery;
    }

    /** Builds the example app (account 123456789012, eu-west-1, like the TypeScript example). */
    public static ShopPipelineStack buildApp(final App app) {
        Object context = app.getNode().tryGetContext("connectionArn");
        return new ShopPipelineStack(app, "ShopPipeline",
            StackProps.builder().env(Environment.builder().account("123456789012").region("eu-west-1").build()).build(),
            context != null ? context.toString() : DEFAULT_CONNECTION_ARN);
    }
}
