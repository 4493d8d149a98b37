/**
 * A throwaway certificate authority for tests: a CA certificate the test
 * trusts explicitly (passed as an extra CA, never by switching verification
 * off) and leaf certificates it signs for given host names — valid, expired
 * or for the wrong name. RSA keys: selfsigned's EC path fails with the
 * duplicated @peculiar/asn1-schema versions in node_modules.
 */
import { generate } from 'selfsigned';

export interface TestCa {
  /** CA certificate, PEM: what a test adds to its trust anchors. */
  cert: string;
  key: string;
  /** A leaf for `names` (first is the CN, all in the SAN unless `cnOnly`), signed by this CA. */
  issue(names: string[], opts?: { notBefore?: Date; notAfter?: Date; cnOnly?: boolean }): Promise<{ cert: string; key: string }>;
}

export async function createTestCa(label = 'Mailscope test CA'): Promise<TestCa> {
  const now = new Date();
  const ca = await generate([{ name: 'commonName', value: label }], {
    keyType: 'rsa', keySize: 2048, algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 86_400_000), notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
  return {
    cert: ca.cert,
    key: ca.private,
    async issue(names, opts = {}) {
      const leaf = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
        keyType: 'rsa', keySize: 2048, algorithm: 'sha256',
        notBeforeDate: opts.notBefore ?? new Date(now.getTime() - 3_600_000),
        notAfterDate: opts.notAfter ?? new Date(now.getTime() + 7 * 86_400_000),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          // cnOnly: the name only in the subject CN, as old certificates had it (an empty SAN list stops selfsigned adding one).
          { name: 'subjectAltName', altNames: opts.cnOnly ? [] : names.map((value) => ({ type: 2 as const, value })) },
        ],
      });
      return { cert: leaf.cert, key: leaf.private };
    },
  };
}
