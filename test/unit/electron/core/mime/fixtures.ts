/** Read a fixture from test/fixtures/mail (see its README for what each file shows). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIL_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/mail');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(MAIL_FIXTURES, name)));
}

/** A message built from lines joined with CRLF. */
export function crlf(...lines: string[]): Uint8Array {
  return new TextEncoder().encode(lines.join('\r\n'));
}
