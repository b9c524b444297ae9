import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { docPages } from '../doc-pages';

/**
 * What README.md and docs/*.md say about the package holds for the tarball npm packs: the files they name
 * inside it (`cdk-delivery-pipeline/lib/...`, `lib/...`), the entry points, the CLI binary and its commands.
 *
 * The file list is npm's own (`npm pack --dry-run --json`), run on a copy of the project's file tree with
 * empty files (the ignore files kept) and without the bundled dependencies (their thousands of files make the real run take ~25 s
 * and say nothing about the docs). In `npx projen build` lib/ is compiled before the tests run and is used
 * as it is; without lib/ (a lone `jest` run), lib/ is predicted from src/ as jsii compiles it (each .ts file
 * to .js and .d.ts) plus the files the compile task copies into it, and the test names say so.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const LIB_BUILT = fs.existsSync(path.join(ROOT, 'lib', 'index.js'));
const LIB = LIB_BUILT ? 'lib/ as compiled' : 'lib/ predicted from src/ (not compiled yet)';
const PAGES = docPages();
const DOCS = PAGES.map(page => ({ page, text: fs.readFileSync(path.join(ROOT, page), 'utf-8') }));

/** Relative paths of every file under `dir`, skipping the folders `skip` says to. */
function walk(dir: string, skip: (relative: string) => boolean, base = dir): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(base, full).split(path.sep).join('/');
    if (entry.isDirectory()) {
      if (!skip(relative)) files.push(...walk(full, skip, base));
    } else if (entry.isFile()) {
      files.push(relative);
    }
  }
  return files;
}

/** The compile task's copies into lib/ (`cp src/... lib/...`), from projen's task file. */
function compileCopies(): string[] {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
  return (tasks.compile.steps as Array<{ exec?: string }>)
    .map(s => /^cp\s+\S+\s+(lib\/\S+)$/.exec(s.exec ?? '')?.[1])
    .filter((f): f is string => f !== undefined);
}

/** The files of the package, as npm lists them. */
function packedFiles(): string[] {
  const npmignore = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf-8').split('\n').map(l => l.trim());
  // Top-level folders .npmignore leaves out whole are not copied (npm would drop them anyway).
  const ignoredDirs = new Set(npmignore.filter(l => /^\/[^/*!]+\/$/.test(l)).map(l => l.slice(1, -1)));
  const skip = (relative: string) => {
    const name = relative.split('/').pop()!;
    return name === 'node_modules' || name === '.git' || name === 'cdk.out' || name.endsWith('.cdk.out')
      || (!relative.includes('/') && (ignoredDirs.has(relative) || (relative === 'lib' && !LIB_BUILT)));
  };
  const files = new Set(walk(ROOT, skip));
  if (!LIB_BUILT) {
    for (const source of walk(path.join(ROOT, 'src'), () => false)) {
      if (!source.endsWith('.ts') || source.endsWith('.d.ts')) continue;
      files.add(`lib/${source.replace(/\.ts$/, '.js')}`);
      files.add(`lib/${source.replace(/\.ts$/, '.d.ts')}`);
    }
    for (const copied of compileCopies()) files.add(copied);
    files.add('.jsii');
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'package-contents-'));
  try {
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      // Empty files, except the ignore files npm reads.
      const ignoreFile = /(^|\/)\.(npm|git)ignore$/.test(file);
      fs.writeFileSync(path.join(copy, file), ignoreFile ? fs.readFileSync(path.join(ROOT, file)) : '');
    }
    const { bundledDependencies: _bundled, ...withoutBundled } = pkg;
    fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify(withoutBundled, null, 2));
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: copy,
      encoding: 'utf-8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' },
    });
    return (JSON.parse(out)[0].files as Array<{ path: string }>).map(f => f.path).sort();
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

const PACKED = new Set(packedFiles());

/** A module path inside the package resolves as Node.js resolves it. */
function resolves(file: string): boolean {
  return [file, `${file}.js`, `${file}/index.js`].some(f => PACKED.has(f));
}

/** Every `cdk-delivery-pipeline/<path>` and `lib/<path>` the docs name as a file of the package. */
function packagePaths(): Array<{ page: string; path: string }> {
  const found: Array<{ page: string; path: string }> = [];
  for (const { page, text } of DOCS) {
    for (const m of text.matchAll(/(?<![\w./-])(?:(?:\.\/)?node_modules\/)?cdk-delivery-pipeline\/((?:lib|docs)\/[\w./*-]*[\w*])/g)) {
      found.push({ page, path: m[1] });
    }
    for (const m of text.matchAll(/`(lib\/[\w./*-]*[\w*])`/g)) found.push({ page, path: m[1] });
  }
  return found;
}

describe(`the package npm packs (${LIB})`, () => {
  test('the lister sees the package: the entry points, the README and no sources', () => {
    expect(PACKED.has('package.json')).toBe(true);
    expect(PACKED.has('README.md')).toBe(true);
    expect(PACKED.has(pkg.main)).toBe(true);
    expect(PACKED.has(pkg.types)).toBe(true);
    // The docs link sources in the repository (src/, test/, examples/): none of them ships.
    expect([...PACKED].filter(f => /^(src|test|examples|bench|\.ci)\//.test(f))).toEqual([]);
  });

  test('every file the docs name inside the package is in it', () => {
    const named = packagePaths();
    expect(named.map(n => n.path)).toContain('lib/pipeline-file/delivery-pipeline.schema.json');
    const missing = named.filter(n => !(n.path.includes('*')
      ? [...PACKED].some(f => new RegExp(`^${n.path.replace(/[.]/g, '\\.').replace(/\*\*?/g, '.*')}$`).test(f))
      : resolves(n.path)));
    expect(missing.map(n => `${n.page}: cdk-delivery-pipeline/${n.path}`)).toEqual([]);
  });

  test('the JSON Schema ships as lib/pipeline-file/delivery-pipeline.schema.json, copied from the file the docs link', () => {
    expect(PACKED.has('lib/pipeline-file/delivery-pipeline.schema.json')).toBe(true);
    expect(compileCopies()).toContain('lib/pipeline-file/delivery-pipeline.schema.json');
    if (LIB_BUILT) {
      expect(fs.readFileSync(path.join(ROOT, 'lib/pipeline-file/delivery-pipeline.schema.json'), 'utf-8'))
        .toBe(fs.readFileSync(path.join(ROOT, 'src/pipeline-file/delivery-pipeline.schema.json'), 'utf-8'));
    }
  });

  test('the CLI the docs run is the package\'s binary `cdk-delivery-pipeline`, and it is packed', () => {
    expect(Object.keys(pkg.bin)).toEqual(['cdk-delivery-pipeline']);
    expect(PACKED.has(pkg.bin['cdk-delivery-pipeline'])).toBe(true);
    const cli = DOCS.find(d => d.page === 'docs/cli.md')!.text;
    expect(cli).toMatch(/^npx cdk-delivery-pipeline status/m);
    // No page runs the CLI by another name.
    for (const { page, text } of DOCS) {
      expect({ page, other: [...text.matchAll(/\bnpx (cdk-[\w-]+)/g)].map(m => m[1]).filter(n => n !== 'cdk-delivery-pipeline' && n !== 'cdk-assets') })
        .toEqual({ page, other: [] });
    }
  });

  (LIB_BUILT ? test : test.skip)('every `cdk-delivery-pipeline <command>` of the docs is a command of the built CLI (needs lib/)', () => {
    const help = execFileSync(process.execPath, [path.join(ROOT, pkg.bin['cdk-delivery-pipeline']), '--help'], { encoding: 'utf-8', env: { ...process.env, NO_COLOR: '1' } });
    const commands = new Set([...help.matchAll(/^ {2}([a-z][\w-]*)\b/gm)].map(m => m[1]));
    const used = new Set<string>();
    for (const { text } of DOCS) {
      for (const m of text.matchAll(/(?<![\w/-])cdk-delivery-pipeline ([a-z][\w-]*)/g)) used.add(m[1]);
    }
    expect([...commands]).toEqual(expect.arrayContaining(['validate', 'synth', 'schema', 'status', 'approve']));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter(c => !commands.has(c)).sort()).toEqual([]);
  });
});
