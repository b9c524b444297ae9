import { spawnSync } from 'child_process';
import * as path from 'path';
import { CONNECTION_ARN } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'pipeline-file', 'fixtures');

/** Runs the spec commands in a child process with the default (process) dependencies, through ts-node. */
function run(...args: string[]) {
  const script = [
    "const { Command } = require('commander');",
    "const { registerSpecCommands } = require('./src/cli/pipeline-file');",
    "const program = new Command('cdk-delivery-pipeline');",
    'registerSpecCommands(program);',
    "program.parse(process.argv.slice(1), { from: 'user' });",
  ].join(' ');
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, '--', ...args], {
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
