import * as fs from 'fs';
import * as path from 'path';
import { docPages } from './doc-pages';

/**
 * Every relative link of README.md and docs/*.md resolves: the file (or folder) exists, and a `#anchor`
 * names a heading of the target page (GitHub's slugs). Links inside code (fenced blocks, inline code) are
 * not links and are skipped; absolute URLs are not fetched. Repository paths written as code
 * (`examples/...`, `test/...`) exist too.
 */
const ROOT = path.resolve(__dirname, '..');
const PAGES = docPages();

/** The text of a page without fenced code blocks (blank lines keep the line numbers) and inline code. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map(line => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '``');
  });
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1'); // a link in a heading: its text
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
  return anchors;
}

interface Link { readonly page: string; readonly line: number; readonly target: string }

function relativeLinks(page: string): Link[] {
  const links: Link[] = [];
  prose(fs.readFileSync(path.join(ROOT, page), 'utf-8')).forEach((line, i) => {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
      links.push({ page, line: i + 1, target });
    }
    for (const m of line.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) links.push({ page, line: i + 1, target: m[1] });
    }
  });
  return links;
}

/** Why a link does not resolve, or undefined when it does. */
function brokenBecause(link: Link): string | undefined {
  const [file, anchor] = link.target.split('#', 2) as [string, string | undefined];
  const target = file === '' ? path.join(ROOT, link.page) : path.resolve(path.dirname(path.join(ROOT, link.page)), decodeURIComponent(file));
  if (!target.startsWith(ROOT + path.sep) && target !== ROOT) return 'points outside the repository';
  if (!fs.existsSync(target)) return `${path.relative(ROOT, target)} does not exist`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!target.endsWith('.md')) return undefined; // an anchor into source code (#L12) is GitHub's
  const anchors = anchorsOf(fs.readFileSync(target, 'utf-8'));
  return anchors.has(anchor) ? undefined : `${path.relative(ROOT, target)} has no heading #${anchor}`;
}

describe('documentation links', () => {
  test('README.md and docs/ hold the pages the README links to', () => {
    expect(PAGES.length).toBeGreaterThan(5);
    expect(relativeLinks('README.md').length).toBeGreaterThanOrEqual(15);
    expect(relativeLinks('docs/pipeline-files.md').filter(l => l.target.includes('#')).length).toBeGreaterThanOrEqual(3);
  });

  test.each(PAGES)('every relative link of %s resolves (files and #anchors)', (page) => {
    const links = relativeLinks(page);
    const broken = links.map(l => ({ l, why: brokenBecause(l) })).filter(x => x.why)
      .map(({ l, why }) => `${l.page}:${l.line}: (${l.target}) ${why}`);
    expect(broken).toEqual([]);
  });

  test.each(PAGES)('every repository path %s names in code (`examples/...`, `test/...`, `src/...`) exists', (page) => {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf-8');
    const named = [...text.matchAll(/`((?:examples|test|bench|src|\.ci|docs)\/[\w./-]*)`/g)].map(m => m[1]);
    expect(named.filter(p => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  test('the README links every page of docs/', () => {
    const linked = new Set(relativeLinks('README.md').map(l => l.target.split('#')[0]));
    expect(PAGES.filter(p => p !== 'README.md' && !linked.has(p))).toEqual([]);
  });

  test('the checker itself: anchors as GitHub makes them, a broken link is found', () => {
    const anchors = anchorsOf('# A `code` title: with, punctuation\n## Twice\n## Twice\n```\n# not a heading\n```\n');
    expect([...anchors]).toEqual(['a-code-title-with-punctuation', 'twice', 'twice-1']);
    expect(brokenBecause({ page: 'README.md', line: 1, target: 'docs/no-such-page.md' })).toBe('docs/no-such-page.md does not exist');
    expect(brokenBecause({ page: 'README.md', line: 1, target: '#no-such-heading' })).toBe('README.md has no heading #no-such-heading');
    expect(brokenBecause({ page: 'docs/cli.md', line: 1, target: '../README.md#install' })).toBeUndefined();
  });
});
