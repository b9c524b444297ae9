import * as fs from 'fs';
import * as path from 'path';

/** The package version (package.json sits three levels up from src/cli/private and lib/cli/private). */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf-8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
