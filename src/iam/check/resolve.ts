/**
 * Turns the CloudFormation intrinsics of a synthesized template into concrete example values, so that
 * policies can be matched against ARN formats and simulated: `{ Ref: 'ArtifactsBucket' }` becomes
 * `artifactsbucket`, `{ 'Fn::GetAtt': ['Role', 'Arn'] }` becomes `arn:aws:iam::123456789012:role/Role`.
 *
 * Every resource gets a name derived from its logical id, so the same resource always resolves to the
 * same value in every policy, call and resource policy of the app. A resource type or attribute not
 * in the table below is an error (rather than a guess that could hide a dead grant).
 */

/** A template as the cloud assembly holds it. */
export interface Template {
  readonly Resources?: Record<string, { Type: string; Properties?: any }>;
  readonly Parameters?: Record<string, { Default?: any; Type?: string }>;
  readonly Outputs?: Record<string, { Value: any; Export?: { Name: any } }>;
}

/** Where a template is deployed. */
export interface TemplateEnvironment {
  readonly account: string;
  readonly region: string;
}

/** Resolves the intrinsics of one template (and the exports of the others). */
export class TemplateResolver {
  constructor(
    public readonly template: Template,
    public readonly env: TemplateEnvironment,
    private readonly exports: Map<string, () => any> = new Map(),
    /** The value of output `name` of the nested stack that resource `logicalId` of this template deploys. */
    private readonly nestedOutput?: (logicalId: string, name: string) => any,
  ) {}

  /** The concrete value of an expression, with every intrinsic resolved. */
  public resolve(value: any): any {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = value[key];
      switch (key) {
        case 'Ref': return this.ref(arg);
        case 'Fn::GetAtt': return this.getAtt(...(typeof arg === 'string' ? splitAtt(arg) : arg) as [string, string]);
        case 'Fn::Join': {
          const [sep, parts] = arg;
          return (this.resolve(parts) as any[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = this.resolve(arg);
          return list[Number(index)];
        }
        case 'Fn::Split': {
          const [sep, text] = this.resolve(arg);
          return String(text).split(sep);
        }
        case 'Fn::Sub': return this.sub(arg);
        case 'Fn::ImportValue': {
          const name = this.resolve(arg);
          const exported = this.exports.get(name);
          if (!exported) throw new Error(`Fn::ImportValue of '${name}': no stack of the app exports it`);
          return exported();
        }
        case 'Fn::If':
        case 'Fn::GetAZs':
        case 'Fn::FindInMap':
        case 'Fn::Base64':
        case 'Fn::Cidr':
          throw new Error(`${key} is not supported by the IAM check's resolver (found ${JSON.stringify(value)})`);
        default:
          break;
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }

  /** The concrete ARN of a resource of the template (its `Arn` attribute or its ARN-valued `Ref`). */
  public arnOf(logicalId: string): string {
    const resource = this.resource(logicalId);
    const type = TYPES[resource.Type];
    return type.arn ? type.arn(this.names(logicalId, resource)) : this.ref(logicalId);
  }

  private ref(name: string): any {
    switch (name) {
      case 'AWS::Partition': return 'aws';
      case 'AWS::Region': return this.env.region;
      case 'AWS::AccountId': return this.env.account;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return 'stack';
      case 'AWS::StackId': return `arn:aws:cloudformation:${this.env.region}:${this.env.account}:stack/stack/0`;
      case 'AWS::NoValue': return undefined;
      default: break;
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default !== undefined) return this.resolve(parameter.Default);
      return parameter.Type?.startsWith('List<') || parameter.Type === 'CommaDelimitedList' ? [`param-${name.toLowerCase()}`] : `param-${name.toLowerCase()}`;
    }
    const resource = this.resource(name);
    const type = TYPES[resource.Type];
    return type.ref(this.names(name, resource));
  }

  private getAtt(logicalId: string, attribute: string): any {
    const resource = this.resource(logicalId);
    const type = TYPES[resource.Type];
    const names = this.names(logicalId, resource);
    if (attribute === 'Arn' && type.arn) return type.arn(names);
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.') && this.nestedOutput) {
      return this.nestedOutput(logicalId, attribute.slice('Outputs.'.length));
    }
    const att = type.attributes?.[attribute];
    if (!att) {
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}): attribute not in the IAM check's resolver table`);
    }
    return att(names);
  }

  private sub(arg: any): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : arg;
    return String(text).replace(/\$\{([^}!]+)\}/g, (_m: string, expr: string) => {
      if (expr in variables) return String(this.resolve(variables[expr]));
      if (expr.includes('.')) return String(this.getAtt(...splitAtt(expr)));
      return String(this.ref(expr));
    });
  }

  private resource(logicalId: string): { Type: string; Properties?: any } {
    const resource = this.template.Resources?.[logicalId];
    if (!resource) throw new Error(`'${logicalId}' is neither a resource, a parameter nor a pseudo parameter of the template`);
    if (!TYPES[resource.Type]) {
      throw new Error(`${resource.Type} (${logicalId}) is not in the IAM check's resolver table: add how its Ref and attributes resolve`);
    }
    return resource;
  }

  private names(logicalId: string, resource: { Type: string; Properties?: any }): Names {
    const nameProperty = TYPES[resource.Type].nameProperty;
    const given = nameProperty ? resource.Properties?.[nameProperty] : undefined;
    const name = given !== undefined && typeof given !== 'object' ? String(given) : (given !== undefined ? String(this.resolve(given)) : logicalId);
    const path = resource.Properties?.Path ?? '/';
    return { ...this.env, name, logicalId, path: typeof path === 'string' ? path : '/' };
  }
}

function splitAtt(text: string): [string, string] {
  const dot = text.indexOf('.');
  return [text.slice(0, dot), text.slice(dot + 1)];
}

interface Names extends TemplateEnvironment {
  /** The resource's physical name: its name property when given, else its logical id. */
  readonly name: string;
  readonly logicalId: string;
  /** The IAM path (roles, policies). */
  readonly path: string;
}

interface TypeRule {
  /** The property that names the resource, when it is given. */
  readonly nameProperty?: string;
  readonly ref: (n: Names) => any;
  readonly arn?: (n: Names) => string;
  readonly attributes?: Record<string, (n: Names) => any>;
}

const arn = (service: string, rest: (n: Names) => string, regional = true, account = true) =>
  (n: Names) => `arn:aws:${service}:${regional ? n.region : ''}:${account ? n.account : ''}:${rest(n)}`;

/**
 * What `Ref` and `Fn::GetAtt` return per resource type (CloudFormation's "Return values" of each
 * resource), for the types that the library's templates reference from policies.
 */
const TYPES: Record<string, TypeRule> = {
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: n => n.name.toLowerCase(),
    arn: n => `arn:aws:s3:::${n.name.toLowerCase()}`,
    attributes: {
      DomainName: n => `${n.name.toLowerCase()}.s3.amazonaws.com`,
      RegionalDomainName: n => `${n.name.toLowerCase()}.s3.${n.region}.amazonaws.com`,
    },
  },
  'AWS::S3::BucketPolicy': { ref: n => n.logicalId },
  'AWS::KMS::Key': {
    ref: n => `key-${n.logicalId.toLowerCase()}`,
    arn: arn('kms', n => `key/key-${n.logicalId.toLowerCase()}`),
    attributes: { KeyId: n => `key-${n.logicalId.toLowerCase()}` },
  },
  'AWS::KMS::Alias': { nameProperty: 'AliasName', ref: n => n.name },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    ref: arn('sns', n => n.name),
    attributes: { TopicArn: arn('sns', n => n.name), TopicName: n => n.name },
  },
  'AWS::SNS::TopicPolicy': { ref: n => n.logicalId },
  'AWS::SNS::Subscription': { ref: arn('sns', n => `${n.name}:subscription`) },
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    ref: n => n.name,
    arn: n => `arn:aws:iam::${n.account}:role${n.path}${n.name}`,
    attributes: { RoleId: n => `AROA${n.logicalId.toUpperCase()}` },
  },
  'AWS::IAM::ManagedPolicy': {
    nameProperty: 'ManagedPolicyName',
    ref: n => `arn:aws:iam::${n.account}:policy${n.path}${n.name}`,
    attributes: { PolicyArn: n => `arn:aws:iam::${n.account}:policy${n.path}${n.name}` },
  },
  'AWS::IAM::Policy': { ref: n => n.logicalId },
  'AWS::IAM::InstanceProfile': {
    nameProperty: 'InstanceProfileName',
    ref: n => n.name,
    arn: n => `arn:aws:iam::${n.account}:instance-profile${n.path}${n.name}`,
  },
  'AWS::CodeBuild::Project': { nameProperty: 'Name', ref: n => n.name, arn: arn('codebuild', n => `project/${n.name}`) },
  'AWS::CodeBuild::ReportGroup': {
    nameProperty: 'Name',
    ref: arn('codebuild', n => `report-group/${n.name}`),
    arn: arn('codebuild', n => `report-group/${n.name}`),
  },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: n => n.name, arn: arn('logs', n => `log-group:${n.name}:*`) },
  'AWS::CodePipeline::Pipeline': { nameProperty: 'Name', ref: n => n.name, attributes: { Version: () => '1' } },
  'AWS::CodePipeline::CustomActionType': { ref: n => n.logicalId },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: n => n.name, arn: arn('lambda', n => `function:${n.name}`) },
  'AWS::Lambda::Permission': { ref: n => n.logicalId },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: arn('secretsmanager', n => `secret:${n.name}-AbCdEf`) },
  'AWS::Events::Rule': { nameProperty: 'Name', ref: n => n.name, arn: arn('events', n => `rule/${n.name}`) },
  'AWS::CloudWatch::Alarm': { nameProperty: 'AlarmName', ref: n => n.name, arn: arn('cloudwatch', n => `alarm:${n.name}`) },
  'AWS::CloudWatch::Dashboard': { nameProperty: 'DashboardName', ref: n => n.name },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    ref: arn('states', n => `stateMachine:${n.name}`),
    arn: arn('states', n => `stateMachine:${n.name}`),
    attributes: { Name: n => n.name },
  },
  'AWS::ECR::Repository': { nameProperty: 'RepositoryName', ref: n => n.name.toLowerCase(), arn: arn('ecr', n => `repository/${n.name.toLowerCase()}`) },
  'AWS::CodeStarConnections::Connection': {
    ref: arn('codestar-connections', n => `connection/${n.logicalId.toLowerCase()}`),
    attributes: { ConnectionArn: arn('codestar-connections', n => `connection/${n.logicalId.toLowerCase()}`) },
  },
  'AWS::CodeCommit::Repository': { nameProperty: 'RepositoryName', ref: n => n.name, arn: arn('codecommit', n => n.name) },
  'AWS::CloudFormation::Stack': { ref: arn('cloudformation', n => `stack/${n.logicalId}/0`) },
  'AWS::CloudFormation::WaitConditionHandle': { ref: n => n.logicalId },
  'AWS::CDK::Metadata': { ref: n => n.logicalId },
  'AWS::EC2::VPC': { ref: n => `vpc-${n.logicalId.toLowerCase()}` },
  'AWS::EC2::Subnet': { ref: n => `subnet-${n.logicalId.toLowerCase()}` },
  'AWS::EC2::SecurityGroup': {
    ref: n => `sg-${n.logicalId.toLowerCase()}`,
    attributes: { GroupId: n => `sg-${n.logicalId.toLowerCase()}` },
  },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', ref: n => n.name, arn: arn('ecs', n => `cluster/${n.name}`) },
};
