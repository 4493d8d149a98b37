// Self-made DKIM vectors for tests: keys generated per run, messages signed
// with mailauth's signer, keys published in an in-memory zone. So `npm test`
// covers verification without the external conformance suites.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { ZoneEntry } from '../../../../../electron/core/analysis/zone-source';

export interface TestKey {
  privateKey: string;
  /** The DNS TXT value publishing the public key. */
  record: string;
}

function spkiBase64(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

export function rsaKey(bits = 2048, extraTags = ''): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa;${extraTags} p=${spkiBase64(publicKey)}`,
  };
}

export function ed25519Key(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // RFC 8463 publishes the bare 32-byte key, the tail of the SPKI structure.
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), record: `v=DKIM1; k=ed25519; p=${raw}` };
}

export const MESSAGE = [
  'Received: from mta.example.com (mta.example.com [192.0.2.10]) by mx.example.net; Mon, 3 Mar 2025 10:00:01 +0000',
  'From: Alice Example <alice@example.com>',
  'To: Bob <bob@example.net>',
  'Subject: Quarterly figures,',
  '  folded onto a second line',
  'Date: Mon, 3 Mar 2025 10:00:00 +0000',
  'Message-ID: <test-1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Bob,',
  '',
  'the figures are attached.   Trailing spaces here:   ',
  '',
  'Alice',
  '',
].join('\r\n');

export interface SignOptions {
  key: TestKey;
  domain?: string;
  selector?: string;
  canonicalization?: string;
  algorithm?: string;
  headerList?: string[];
  signTime?: Date;
  expires?: Date;
  message?: string;
}

/** Sign and return the whole signed message (signature field on top). */
export async function sign(options: SignOptions): Promise<string> {
  const message = options.message ?? MESSAGE;
  const entry = { signingDomain: options.domain ?? 'example.com', selector: options.selector ?? 'sel', privateKey: options.key.privateKey };
  const result = await dkimSign(message, {
    ...entry,
    signatureData: [entry],
    canonicalization: options.canonicalization ?? 'relaxed/relaxed',
    ...(options.algorithm ? { algorithm: options.algorithm } : {}),
    ...(options.headerList ? { headerList: options.headerList } : {}),
    signTime: options.signTime ?? new Date('2025-03-03T10:00:00Z'),
    ...(options.expires ? { expires: options.expires } : {}),
  });
  if (result.errors.length > 0) throw result.errors[0]?.err;
  return result.signatures + message;
}

export function txt(record: string): ZoneEntry[] {
  return [{ type: 'TXT', data: [record] }];
}

/** The header block only, as a user pastes it. */
export function headersOf(message: string): string {
  return message.slice(0, message.indexOf('\r\n\r\n') + 2);
}
