import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CONNECTION_ARN } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'pipeline-file', 'fixtures');

/**
 * Runs the spec commands in a child process with the default (process) dependencies. The child loads the
 * BUILT CLI (lib/cli, from `npx projen compile`, which the build runs before the tests) when it is there:
 * plain Node.js, no compiler in the child. Without lib/ (a bare `npx jest` before any compile) it falls
 * back to ts-node over src/, which compiles the sources in every child and is much slower.
 */
const BUILT = fs.existsSync(path.join(ROOT, 'lib', 'cli', 'pipeline-file', 'index.js'));
function run(...args: string[]) {
  const script = [
    "const { Command } = require('commander');",
    `const { registerSpecCommands } = require('./${BUILT ? 'lib' : 'src'}/cli/pipeline-file');`,
    "const program = new Command('cdk-delivery-pipeline');",
    'registerSpecCommands(program);',
    "program.parse(process.argv.slice(1), { from: 'user' });",
  ].join(' ');
  const preload = BUILT ? [] : ['-r', 'ts-node/register/transpile-only'];
  return spawnSync(process.execPath, [...preload, '-e', script, '--', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
  });
}

describe('spec commands in a child process', () => {
  test('exit code 0 for a valid spec, 1 for an invalid one, 2 for a missing file', () => {
    expect(run('validate', path.join(FIXTURES, 'shop.yaml'), '--connection', `default=${CONNECTION_ARN}`).status).toBe(0);
    const invalid = run('validate', path.join(FIXTURES, 'invalid.yaml'), '--connection', `default=${CONNECTION_ARN}`);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/unknown key 'comands' \(did you mean 'commands'\?\)/);
    expect(run('validate', path.join(FIXTURES, 'nope.yaml')).status).toBe(2);
  });
});
