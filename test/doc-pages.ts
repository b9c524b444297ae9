import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..');

/** README.md and every page of docs/ (sorted), relative to the repository root. */
export function docPages(): string[] {
  const docs = fs.readdirSync(path.join(REPOSITORY_ROOT, 'docs')).filter(f => f.endsWith('.md')).sort().map(f => `docs/${f}`);
  return ['README.md', ...docs];
}
