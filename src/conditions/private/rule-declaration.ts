import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * An aws-cdk-lib `Rule` that may run as any role (the L2 accepts only an `iam.Role` of this app, so
 * a role in another account, referenced by ARN, cannot be given to it).
 */
export class RoleRule extends codepipeline.Rule {
  constructor(props: codepipeline.RuleProps, private readonly runAs?: iam.IRole) {
    super(props);
  }

  /** @internal */
  public _render(): codepipeline.CfnPipeline.RuleDeclarationProperty {
    const rendered = super._render();
    return this.runAs ? { ...rendered, roleArn: this.runAs.roleArn } : rendered;
  }
}
