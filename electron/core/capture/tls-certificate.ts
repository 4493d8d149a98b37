/**
 * The capture server's TLS identity: a self-signed certificate made once per
 * workspace and kept in the data directory, so clients that pin or remember it
 * (and users comparing fingerprints between runs) see the same one every time.
 * smtp-server's built-in certificate is never used: its private key is public.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TlsIdentity {
  /** PEM private key. */
  key: string;
  /** PEM certificate. */
  cert: string;
}

/** Where the identity lives inside the data directory. */
export function certificatePaths(dataDir: string): { key: string; cert: string } {
  const dir = path.join(dataDir, 'tls');
  return { key: path.join(dir, 'capture-key.pem'), cert: path.join(dir, 'capture-cert.pem') };
}

async function readIdentity(paths: { key: string; cert: string }): Promise<TlsIdentity | null> {
  try {
    const [key, cert] = await Promise.all([readFile(paths.key, 'utf8'), readFile(paths.cert, 'utf8')]);
    if (key.includes('PRIVATE KEY') && cert.includes('CERTIFICATE')) return { key, cert };
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Write to a temporary name, then rename: a crash never leaves half a key. */
async function writeAtomic(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode); // writeFile's mode is filtered by the umask
  await rename(tmp, file);
}

let pending: Map<string, Promise<TlsIdentity>> | null = null;

/** Load the workspace's identity, creating it on first use. Concurrent callers share one generation. */
export function loadOrCreateTlsIdentity(dataDir: string): Promise<TlsIdentity> {
  pending ??= new Map();
  const existing = pending.get(dataDir);
  if (existing) return existing;
  const job = (async () => {
    const paths = certificatePaths(dataDir);
    const found = await readIdentity(paths);
    if (found) return found;
    await mkdir(path.dirname(paths.key), { recursive: true, mode: 0o700 });
    const now = new Date();
    // Loaded only here: the certificate library costs more start-up time than the rest of the CLI.
    const { generate } = await import('selfsigned');
    const pems = await generate([{ name: 'commonName', value: 'Mailscope capture (self-signed)' }], {
      keyType: 'rsa',
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate: new Date(now.getTime() - 24 * 3600_000),
      notAfterDate: new Date(now.getTime() + 10 * 365 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    await writeAtomic(paths.key, pems.private, 0o600);
    await writeAtomic(paths.cert, pems.cert, 0o644);
    return { key: pems.private, cert: pems.cert };
  })();
  pending.set(dataDir, job);
  job.finally(() => pending?.delete(dataDir)).catch(() => undefined);
  return job;
}
