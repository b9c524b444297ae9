import { APPCONFIG_PROVIDER } from './appconfig';
import { CLOUDFORMATION_PROVIDER } from './cloudformation';
import { CLOUDFORMATION_STACKINSTANCES_PROVIDER, CLOUDFORMATION_STACKSET_PROVIDER } from './cloudformation-stackset';
import { CODEDEPLOY_ECS_PROVIDER, CODEDEPLOY_PROVIDER } from './codedeploy';
import { EC2_DEPLOY_PROVIDER } from './ec2';
import { ECS_DEPLOY_PROVIDER } from './ecs';
import { EKS_PROVIDER } from './eks';
import { ELASTIC_BEANSTALK_PROVIDER } from './elastic-beanstalk';
import { LAMBDA_DEPLOY_PROVIDER } from './lambda';
import { S3_DEPLOY_PROVIDER } from './s3';
import { SERVICE_CATALOG_PROVIDER } from './service-catalog';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function deploysProviders(): ProviderDefinition[] {
  return [
    S3_DEPLOY_PROVIDER,
    ECS_DEPLOY_PROVIDER,
    CODEDEPLOY_PROVIDER,
    CODEDEPLOY_ECS_PROVIDER,
    ELASTIC_BEANSTALK_PROVIDER,
    SERVICE_CATALOG_PROVIDER,
    LAMBDA_DEPLOY_PROVIDER,
    APPCONFIG_PROVIDER,
    EKS_PROVIDER,
    EC2_DEPLOY_PROVIDER,
    CLOUDFORMATION_PROVIDER,
    CLOUDFORMATION_STACKSET_PROVIDER,
    CLOUDFORMATION_STACKINSTANCES_PROVIDER,
  ];
}
