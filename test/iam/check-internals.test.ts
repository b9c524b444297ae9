import { patternsIntersect } from '../../src/iam/check/glob';
import { TemplateResolver } from '../../src/iam/check/resolve';

describe('patternsIntersect: a policy resource against an ARN format of the service authorization reference', () => {
  test.each([
    ['arn:aws:ecs:eu-west-1:111111111111:service/shop/web', 'arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}', true],
    ['arn:aws:ecs:eu-west-1:111111111111:service/web', 'arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}', false],
    ['arn:aws:s3:::bucket/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
    ['arn:aws:s3:::bucket', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', false],
    ['arn:aws:logs:eu-west-1:111111111111:log-group:/aws/x:*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', true],
    ['arn:aws:logs:eu-west-1:111111111111:log-group:/aws/x', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', false],
    // A slash where the format has a colon: the account field cannot swallow it.
    ['arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup/*:autoScalingGroupName/awseb-*',
      'arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupFriendlyName}', false],
    ['arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:*:autoScalingGroupName/awseb-*',
      'arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/${GroupFriendlyName}', true],
    ['arn:aws:codeconnections:eu-west-1:111111111111:connection/abc', 'arn:${Partition}:codestar-connections:${Region}:${Account}:connection/${ConnectionId}', false],
    ['arn:aws:iam::111111111111:role/path/*', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', true],
    ['arn:aws:lambda:eu-west-1:111111111111:function:f?', 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}', true],
  ])('%s vs %s: %s', (resource, format, expected) => {
    expect(patternsIntersect(resource, format)).toBe(expected);
  });
});

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver({
    Parameters: { Env: { Type: 'String', Default: 'prod' }, Name: { Type: 'String' } },
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Role: { Type: 'AWS::IAM::Role', Properties: { Path: '/p/' } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } },
      Odd: { Type: 'AWS::Made::Up' },
    },
  }, { account: '111111111111', region: 'eu-west-1' });

  test('resolves Ref, GetAtt, Join, Sub, Select/Split and pseudo parameters to one consistent example value per resource', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('arn:aws:s3:::bucket');
    expect(resolver.resolve({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] })).toBe('arn:aws:s3:::bucket/*');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('arn:aws:iam::111111111111:role/p/Role');
    expect(resolver.resolve({ Ref: 'Topic' })).toBe('arn:aws:sns:eu-west-1:111111111111:alerts');
    expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Env}/${Bucket}' })).toBe('arn:aws:x:eu-west-1:111111111111:prod/bucket');
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] })).toBe('b');
    expect(resolver.resolve({ Ref: 'Name' })).toBe('param-name');
  });

  test('an unknown resource type or attribute is an error naming it, never a guess', () => {
    expect(() => resolver.resolve({ Ref: 'Odd' })).toThrow(/AWS::Made::Up \(Odd\) is not in the IAM check's resolver table/);
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['Bucket', 'Nope'] })).toThrow(/Bucket.Nope \(AWS::S3::Bucket\): attribute not in the IAM check's resolver table/);
    expect(() => resolver.resolve({ Ref: 'Missing' })).toThrow(/'Missing' is neither a resource, a parameter nor a pseudo parameter/);
  });
});
