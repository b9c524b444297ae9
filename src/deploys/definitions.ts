import { CODEDEPLOY_ECS_PROVIDER, CODEDEPLOY_PROVIDER } from './codedeploy';
import { ECS_DEPLOY_PROVIDER } from './ecs';
import { ELASTIC_BEANSTALK_PROVIDER } from './elastic-beanstalk';
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
  ];
}
