import { APPCONFIG_PROVIDER } from './appconfig';
import { EC2_DEPLOY_PROVIDER } from './ec2';
import { EKS_PROVIDER } from './eks';
import { LAMBDA_DEPLOY_PROVIDER } from './lambda';
import { S3_DEPLOY_PROVIDER } from './s3';
import type { ProviderDefinition } from '../providers/definition';

/** The providers of this folder, one definition per provider module. */
export function deploysProviders(): ProviderDefinition[] {
  return [
    S3_DEPLOY_PROVIDER,
    LAMBDA_DEPLOY_PROVIDER,
    APPCONFIG_PROVIDER,
    EKS_PROVIDER,
    EC2_DEPLOY_PROVIDER,
  ];
}
