import { spec, specError } from './helpers';
import { DeliveryPipeline } from '../../src';
import { PipelineFileError } from '../../src/pipeline-file/file-error';
import { testStack } from '../util';

const BUILD = `    - name: Build
      actions:
        - name: Compile
          actionType: Build
          provider: CodeBuild
          commands: [make]
          inputArtifacts: [{ name: Src }]
`;

describe('spec parsing and schema problems', () => {
  test('a YAML syntax error reports its line and column', () => {
    expect(specError('pipeline:\n  name: [shop\n  stages: []\n')).toMatch(/\(file\) \(line \d+, column \d+\): .*fix the YAML syntax/);
  });

  test('a duplicate key is a syntax error', () => {
    expect(specError('pipeline:\n  name: a\n  name: b\n  stages: []\n')).toMatch(/\(file\) \(line 3, column 3\): Map keys must be unique/);
  });

  test('a file that is not a mapping', () => {
    expect(specError('- just\n- a list\n')).toMatch(/\(root\) \(line 1, column 1\): a spec is a mapping with a 'pipeline' key/);
  });

  test('an unknown key is an error with a suggestion and its line', () => {
    const text = spec(BUILD.replace('          commands: [make]\n', '          comands: [make]\n'));
    expect(specError(text)).toMatch(/stages\[1\]\.actions\[0\]\.comands \(line 18, column 11\): unknown key 'comands' \(did you mean 'commands'\?\)/);
  });

  test('a missing required key', () => {
    expect(specError(spec(BUILD.replace('          provider: CodeBuild\n', '')))).toMatch(/stages\[1\]\.actions\[0\] \(line 15, column 11\): 'provider' is required here: add it/);
  });

  test('an unknown action type, with a suggestion', () => {
    expect(specError(spec(BUILD.replace('actionType: Build', 'actionType: Biuld')))).toMatch(
      /stages\[1\]\.actions\[0\]\.actionType \(line 16, column 23\): "Biuld" is not allowed \(did you mean 'Build'\?\): use one of Source, Build/,
    );
  });

  test('a wrong type', () => {
    expect(specError(spec(BUILD.replace('commands: [make]', 'commands: make')))).toMatch(/stages\[1\]\.actions\[0\]\.commands \(line 18, column 21\): expected array, got string "make"/);
  });

  test('a name that breaks the pattern', () => {
    expect(specError(spec(BUILD.replace('name: Compile', 'name: Com pile')))).toMatch(/"Com pile" does not match .*: The action name: 1 to 100 letters/);
  });

  test('every problem is reported in one error, in file order', () => {
    const text = spec(BUILD.replace('comands', 'x').replace('actionType: Build', 'actionType: Biuld').replace('commands: [make]', 'comands: [make]'));
    const message = specError(text);
    expect(message).toMatch(/\(2 problems\)/);
    expect(message.indexOf('actionType')).toBeLessThan(message.indexOf('comands'));
  });

  test('the error is a PipelineFileError carrying the problems', () => {
    try {
      DeliveryPipeline.fromFile(testStack(), 'P', { text: 'pipeline: {}' });
      throw new Error('no error');
    } catch (error) {
      expect(PipelineFileError.isPipelineFileError(error)).toBe(true);
      expect((error as PipelineFileError).problems).toEqual([{ code: 'MissingKey', path: 'pipeline', line: 1, column: 11, message: "'stages' is required here: add it" }]);
      expect((error as PipelineFileError).code).toBe('InvalidSpec');
    }
  });

  test('exactly one of file and text', () => {
    expect(() => DeliveryPipeline.fromFile(testStack(), 'P', {})).toThrow(/give exactly one of 'file' \(a YAML or JSON file\) or 'text'/);
    expect(() => DeliveryPipeline.fromFile(testStack(), 'P', { file: '/nonexistent.yaml' })).toThrow(/cannot read spec file '\/nonexistent.yaml'/);
  });

  test('JSON specs load too', () => {
    const json = JSON.stringify({
      pipeline: {
        stages: [
          { name: 'Source', actions: [{ name: 'S', actionType: 'Source', provider: 'S3', outputArtifacts: [{ name: 'Src' }], configuration: { S3Bucket: 'shop-releases', S3ObjectKey: 'k.zip' } }] },
          { name: 'Build', actions: [{ name: 'B', actionType: 'Build', provider: 'CodeBuild', commands: ['make'], inputArtifacts: [{ name: 'Src' }] }] },
        ],
      },
    });
    expect(() => DeliveryPipeline.fromFile(testStack(), 'P', { text: json })).not.toThrow();
  });
});

describe('YAML edge cases', () => {
  test('an alias without its anchor is a syntax problem', () => {
    expect(specError('*missing')).toMatch(/\(file\) \(line 1, column 1\): .*fix the YAML anchors and aliases/);
  });
});
