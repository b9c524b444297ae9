import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../examples/shop-pipeline-stack';
import { SECRET_NAME, SECRET_VALUES } from '../../src/core/private/secrets';

/** Every string anywhere in a template, with its JSON path. */
function strings(value: unknown, where = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${where}.${k}`));
  return [];
}

const app = new App({ builtinCloudFormationValidation: false });
const template = Template.fromStack(buildApp(app)).toJSON();

test('no string in the synthesized template has the format of a credential', () => {
  const found = strings(template).filter(([, text]) => SECRET_VALUES.some(([, re]) => re.test(text)));
  expect(found).toEqual([]);
});

test('every CodeBuild variable whose name announces a secret comes from Secrets Manager', () => {
  const variables = Object.values<any>(template.Resources)
    .filter(r => r.Type === 'AWS::CodeBuild::Project')
    .flatMap(r => r.Properties.Environment.EnvironmentVariables ?? []);
  const secretLooking = variables.filter(v => SECRET_NAME.test(v.Name));
  expect(secretLooking.length).toBeGreaterThan(0);
  expect(secretLooking.filter(v => v.Type !== 'SECRETS_MANAGER')).toEqual([]);
});

test('the scan finds a planted credential (it can fail)', () => {
  const planted = { Resources: { X: { Properties: { Value: 'AKIAIOSFODNN7EXAMPLE' } } } };
  expect(strings(planted).filter(([, text]) => SECRET_VALUES.some(([, re]) => re.test(text)))).toEqual([['.Resources.X.Properties.Value', 'AKIAIOSFODNN7EXAMPLE']]);
});
