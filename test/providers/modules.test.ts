import * as fs from 'fs';
import { GENERATED } from './generated-docs';
import * as lib from '../../src';
import { KeyKind } from '../../src/providers/definition';
import { categoriesOf, findProvider, isAnyProvider, providerDefinitions } from '../../src/providers/registry';
import { providerConfigurationSchemas } from '../../src/providers/schema';
import { artifactBoundsOf } from '../../src/validation/artifact-bounds';

// Issue 10: a provider is declared once, in its module; the loader, the validator's bounds, the schema and the docs
// derive from it. These checks fail when a module, the schema and the docs disagree.
describe('provider modules', () => {
  const definitions = providerDefinitions();

  test('every provider of the action reference is declared once per category', () => {
    const seen = new Set<string>();
    for (const d of definitions) {
      for (const category of categoriesOf(d)) {
        const id = `${d.owner}/${category}/${d.provider}`;
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
    }
    expect(definitions.filter(d => d.owner === 'AWS').map(d => d.provider).sort()).toEqual([
      'AppConfig', 'CloudFormation', 'CloudFormationStackInstances', 'CloudFormationStackSet', 'CodeBuild', 'CodeCommit', 'CodeDeploy',
      'CodeDeployToECS', 'CodeStarSourceConnection', 'CodePipeline', 'Commands', 'DeviceFarm', 'EC2', 'ECR', 'ECRBuildAndPublish', 'ECS',
      'EKS', 'ElasticBeanstalk', 'InspectorScan', 'Lambda', 'Lambda', 'Manual', 'S3', 'S3', 'ServiceCatalog', 'StepFunctions',
    ].sort());
  });

  test.each(providerDefinitions().map(d => [`${d.category}/${d.provider}`, d] as const))('%s: a complete, coherent declaration', (_, d) => {
    expect(d.documentation).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/codepipeline\/latest\/userguide\/[\w-]+\.html/);
    expect(d.bounds.minInputs).toBeLessThanOrEqual(d.bounds.maxInputs);
    expect(d.bounds.minOutputs).toBeLessThanOrEqual(d.bounds.maxOutputs);
    // Each typed factory the module names exists on its category class.
    for (const factory of d.factory.split(/,\s*/)) {
      const [cls, method] = factory.split('.');
      expect(typeof (lib as any)[cls]?.[method]).toBe('function');
    }
    const names = d.keys.map(k => k.name);
    expect(new Set(names).size).toBe(names.length);
    for (const k of d.keys) {
      expect(k.description.length).toBeGreaterThan(10);
      expect(k.option.length).toBeGreaterThan(0);
      expect(k.example.length).toBeGreaterThan(0);
      if (k.kind === KeyKind.ENUM) expect(k.values?.length).toBeGreaterThan(0);
      if (k.values) expect(k.kind === KeyKind.ENUM || k.kind === KeyKind.LIST ? k.values : []).toContain(k.example.split(',')[0].trim());
    }
    for (const sample of d.samples ?? []) {
      for (const key of [...(sample.keys ?? []), ...Object.keys(sample.values ?? {})]) expect(names).toContain(key);
    }
  });

  test('the validator reads each provider\'s artifact bounds from its module', () => {
    for (const d of definitions.filter(x => !isAnyProvider(x))) {
      for (const category of categoriesOf(d)) expect(artifactBoundsOf(category, d.provider, d.owner)).toBe(d.bounds);
    }
  });

  test('action types no module declares keep their own bounds, ahead of the catch-all custom and third-party definitions', () => {
    expect(artifactBoundsOf('Deploy', 'AlexaSkillsKit', 'ThirdParty')).toEqual({ minInputs: 1, maxInputs: 2, minOutputs: 0, maxOutputs: 0 });
    expect(artifactBoundsOf('Deploy', 'OpsWorks')).toEqual({ minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 1 });
    expect(artifactBoundsOf('Build', 'SomeVendorCI', 'Custom')).toEqual({ minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 });
    expect(artifactBoundsOf('Deploy', 'NoSuchProvider')).toBeUndefined();
  });

  test('the loader finds each provider (and its aliases) by its ActionTypeId', () => {
    for (const d of definitions.filter(x => !isAnyProvider(x))) {
      for (const category of categoriesOf(d)) {
        for (const provider of [d.provider, ...(d.aliases ?? [])]) expect(findProvider(category, provider, d.owner)).toBe(d);
      }
    }
  });

  test('the JSON Schema documents exactly each module\'s configuration keys', () => {
    const schemas = providerConfigurationSchemas();
    expect(schemas).toHaveLength(definitions.length);
    definitions.forEach((d, i) => {
      const keys = Object.keys((schemas[i] as any).then.properties.configuration.properties);
      expect(keys).toEqual(d.keys.map(k => k.name));
    });
  });

  test.each(GENERATED.map(g => [g.file.replace(/^.*\/(docs|src)\//, '$1/'), g] as const))('%s is generated from the modules (npx projen docs:providers)', (_, g) => {
    expect(fs.readFileSync(g.file, 'utf8')).toBe(g.render());
  });

  test('docs/providers.md lists every provider and every configuration key', () => {
    const doc = fs.readFileSync(GENERATED[0].file, 'utf8');
    for (const d of definitions) {
      expect(doc).toContain(`### ${d.title}`);
      for (const k of d.keys) expect(doc).toContain(`| \`${k.name}\` |`);
    }
  });
});
