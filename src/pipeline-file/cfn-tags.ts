import { ScalarTag, CollectionTag, YAMLMap, YAMLSeq } from 'yaml';

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'Condition'];

const intrinsic = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/**
 * CloudFormation's short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`, ...) for the YAML parser, each read
 * as its long form (`{ Ref: ... }`, `{ 'Fn::Sub': ... }`), so a template in YAML parses like its JSON.
 */
export const CLOUDFORMATION_TAGS: Array<ScalarTag | CollectionTag> = ['Ref', ...FUNCTIONS].flatMap(name => {
  const key = intrinsic(name);
  const scalar: ScalarTag = {
    tag: `!${name}`,
    resolve: (value: string) => ({ [key]: name === 'GetAtt' ? value.split('.') : value }) as any,
  };
  const seq: CollectionTag = {
    tag: `!${name}`,
    collection: 'seq',
    resolve: (value: any) => ({ [key]: (value as YAMLSeq).toJSON() }) as any,
  };
  const map: CollectionTag = {
    tag: `!${name}`,
    collection: 'map',
    resolve: (value: any) => ({ [key]: (value as YAMLMap).toJSON() }) as any,
  };
  return [scalar, seq, map];
});
