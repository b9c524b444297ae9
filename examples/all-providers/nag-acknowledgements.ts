/**
 * The AwsSolutions findings of the all-providers pipeline that are kept on purpose: each an exact
 * finding id (never a whole rule, except CB4 which has no finding id), each with its reason.
 */
export const ALL_PROVIDERS_ACKNOWLEDGEMENTS: ReadonlyArray<{ readonly id: string; readonly reason: string }> = [
  {
    id: 'AwsSolutions-IAM5[Resource::<ShopArtifactsF988AD04.Arn>/*]',
    reason: "Pipeline artifacts have keys CodePipeline generates per execution; access is limited to exact object actions on the pipeline's own artifact bucket.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::123456789012:role/delivery-pipeline/AllProviders-Shop-7C9E0F9B/*]',
    reason: "The pipeline role may assume the action roles under its own IAM path only (one statement for all of the pipeline's action roles).",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'Only actions without resource-level permissions (checked against the service authorization reference by test/iam): '
      + 'devicefarm:ListProjects, inspector-scan:ScanSbom, ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition, ecs:ListTasks (cluster condition), '
      + 'lambda:ListFunctions, cloudformation:CreateStackSet/ValidateTemplate, codedeploy:ListDeploymentConfigs, '
      + 'elasticbeanstalk:CreateStorageLocation and the Describe/List/CancelCommand actions of EC2, ELB, Auto Scaling and SSM.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:us-west-2:123456789012:secret:shop/npm-AbCdEf*]',
    reason: 'aws-cdk-lib grants a secret imported by complete ARN with a trailing wildcard for its version suffixes; it is the one npm token secret.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:devicefarm:us-west-2:123456789012:upload:eec4905f-98f8-40aa-9afc-4c1cfexample/*]',
    reason: 'Uploads (app and test packages) the action creates in its one Device Farm project; their IDs are generated per run.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:devicefarm:us-west-2:123456789012:run:eec4905f-98f8-40aa-9afc-4c1cfexample/*]',
    reason: 'Runs the action schedules in its one Device Farm project; their IDs are generated per run.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-west-2:123456789012:log-group:/aws/codepipeline/AllProviders-Shop-7C9E0F9B:log-stream:*]',
    reason: "Log streams of the pipeline's own log group, where CodePipeline-managed compute (Commands, EKS, EC2, ECR build, Inspector) logs.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticloadbalancing:us-west-2:123456789012:targetgroup/shop-web/*]',
    reason: 'The one target group the EC2 deploy names (TargetGroupNameList); the wildcard is the ID ELB appends to its ARN.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-west-2:123456789012:stack/shop-prod/*]',
    reason: 'The one production stack; the wildcard is the stack ID CloudFormation appends to its ARN.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-west-2:123456789012:stack/shop-preview/*]',
    reason: 'The one preview stack the delete action removes; the wildcard is the stack ID CloudFormation appends to its ARN.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-west-2:123456789012:stackset/shop-baseline:*]',
    reason: 'The one stack set; the wildcard is the stack set ID CloudFormation appends to its ARN.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:lambda:us-west-2:123456789012:function:shop-smoke:*]',
    reason: 'Versions and aliases of the one smoke-test function the pipeline invokes.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:lambda:us-west-2:123456789012:function:shop-api:*]',
    reason: 'Versions of the one function the Lambda deploy publishes; versions are numbered at deploy time.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:us-west-2:123456789012:task/shop/*]',
    reason: "ecs:DescribeTasks on the tasks of the service's own cluster, which the deployment watches.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:us-west-2:123456789012:task-definition/shop-web:*]',
    reason: "ecs:TagResource on revisions of the service's own task definition family, only while registering them (ecs:CreateAction condition).",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticbeanstalk:us-west-2:123456789012:applicationversion/shop/*]',
    reason: 'Versions of the one Elastic Beanstalk application; the action names each new version.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::elasticbeanstalk-us-west-2-123456789012/*]',
    reason: "Elastic Beanstalk's own storage bucket of this account and region, where source bundles are staged.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:us-west-2:123456789012:stack/awseb-*]',
    reason: 'Elastic Beanstalk updates its environments through its own awseb-* stacks with the caller permissions.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:us-west-2:123456789012:autoScalingGroup:*:autoScalingGroupName/awseb-*]',
    reason: "Elastic Beanstalk suspends and resumes its environments' own awseb-* Auto Scaling groups during a deployment.",
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-west-2:123456789012:instance/*]',
    reason: 'ssm:SendCommand only to instances tagged App=shop (aws:ResourceTag condition); instance IDs change as the fleet scales.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:appconfig:us-west-2:123456789012:application/app1234/environment/env5678/deployment/*]',
    reason: 'Deployments to the one AppConfig environment (GetDeployment, StopDeployment); deployment numbers are generated per deployment.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::shop-site/*]',
    reason: 'The S3 deploy extracts the site into its bucket; s3:PutObject only, keys come from the artifact.',
  },
  {
    id: 'AwsSolutions-IAM5[Resource::arn:aws:states:us-west-2:123456789012:execution:shop-checks:Checks*]',
    reason: 'Executions of the one state machine started by this action (its execution name prefix); names are generated per run.',
  },
  {
    id: 'AwsSolutions-CB4',
    reason: 'Build output and caches are encrypted by the SSE-S3 artifact bucket and the CodeBuild-managed key; pass artifactStorage.encryptionKey for a customer managed key (about $1/month).',
  },
];
