import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, otherShapes } from './other-shapes';
import { roundTrip, roundTripDifferences } from './round-trip';

const FILES = fs.readdirSync(CORPUS).filter(f => f.endsWith('.yaml')).sort();


// Issue 10: every real declaration of the corpus loads, synthesizes with built-in validation on, and renders
// its stages action for action (category, owner, provider, version, run order, region, namespace, role, every
// configuration key and value, artifact wiring).
describe('the corpus of real pipeline declarations', () => {
  test('holds at least 40 declarations, each naming its source', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(40);
    for (const file of FILES) expect(fs.readFileSync(path.join(CORPUS, file), 'utf8')).toMatch(/^# Source: .+\n#\s+\S+/);
  });

  test.each(FILES)('%s loads and round-trips', file => {
    const { declared, rendered } = roundTrip(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
    expect(roundTripDifferences(declared, rendered)).toEqual([]);
  });
});

// Issue 11: the same declarations as `aws codepipeline get-pipeline` prints them and as a CloudFormation
// resource (written by test/pipeline-file/other-shapes.ts); each loads and round-trips too.
describe('the corpus in the other shapes teams keep pipelines in', () => {
  const shapes = otherShapes();

  test('the get-pipeline and CloudFormation files are current (npx ts-node test/pipeline-file/other-shapes.ts)', () => {
    for (const { file, text } of shapes) expect([file, fs.readFileSync(file, 'utf8')]).toEqual([file, text]);
  });

  test.each(shapes.map(s => path.relative(CORPUS, s.file)))('%s loads and round-trips', file => {
    const { declared, rendered } = roundTrip(fs.readFileSync(path.join(CORPUS, file), 'utf8'));
    expect(roundTripDifferences(declared, rendered)).toEqual([]);
  });
});
