/**
 * Loopback SMTP servers for the send tests, each a real smtp-server (or a raw
 * TCP server for misbehaviour): STARTTLS then AUTH with a self-signed
 * certificate, implicit TLS, no STARTTLS at all, a server that stalls after
 * its banner. Every server records the raw messages and the AUTH attempts it
 * saw, so tests check what really crossed the wire.
 */
import net from 'node:net';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface TestServer {
  port: number;
  /** Raw DATA bytes received, in order. */
  messages: { from: string; to: string[]; raw: Buffer }[];
  /** AUTH attempts: method, user, whether it passed. */
  auths: { method: string; user: string; ok: boolean }[];
  close(): Promise<void>;
}

/** A self-signed certificate for `names` (first is the CN). RSA: see test/support/probes/test-ca.ts. */
export async function selfSigned(names: string[] = ['localhost']): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: names[0] ?? 'localhost' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 3_600_000),
    notAfterDate: new Date(now.getTime() + 7 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) }],
  });
  return { key: pems.private, cert: pems.cert };
}

export interface SmtpTestOptions {
  /** Accepted credentials: user → password (PLAIN/LOGIN/CRAM-MD5) or token (XOAUTH2). */
  users?: Record<string, string>;
  /** TLS identity: STARTTLS offered when set (unless `secure`). */
  tls?: { key: string; cert: string };
  /** Implicit TLS from the first byte. */
  secure?: boolean;
  /** Refuse MAIL/RCPT/DATA before STARTTLS (530). */
  requireTls?: boolean;
  /** Reply to the final dot. */
  dataReply?: string;
  /** Recipients refused at RCPT (550 5.1.1). */
  refuse?: string[];
}

export async function startSmtp(options: SmtpTestOptions = {}): Promise<TestServer> {
  const messages: TestServer['messages'] = [];
  const auths: TestServer['auths'] = [];
  const users = options.users;
  const config: SMTPServerOptions = {
    secure: options.secure === true,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(users ? [] : ['AUTH'])],
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    authOptional: !users,
    // smtp-server refuses AUTH over plain text unless told otherwise; these servers only get AUTH after TLS anyway.
    allowInsecureAuth: false,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = users?.[auth.username ?? ''];
      let ok = false;
      if (expected !== undefined) {
        if (auth.method === 'XOAUTH2') ok = auth.accessToken === expected;
        else if (auth.method === 'CRAM-MD5') ok = auth.validatePassword(expected);
        else ok = auth.password === expected;
      }
      auths.push({ method: auth.method, user: auth.username ?? '', ok });
      if (!ok) return callback(new Error('Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, session, callback) {
      if (options.requireTls && !session.secure) return callback(Object.assign(new Error('Must issue a STARTTLS command first'), { responseCode: 530 }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback(null, options.dataReply ?? 'OK: queued as TEST123');
      });
    },
  };
  const server = new SMTPServer(config);
  // A client speaking plaintext to the TLS port must not crash the test (field notes: trap 1).
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, messages, auths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A server that sends its banner and then never answers anything. */
export async function startStallingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.write('220 stall.test ESMTP ready\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
