/**
 * A tiny SMTP server on node:net + node:tls for probe tests that need what
 * smtp-server cannot be told to do: advertise AUTH only after STARTTLS (as
 * Postfix with smtpd_tls_auth_only does; smtp-server always lists AUTH and
 * refuses it with 538 before TLS). It answers EHLO/HELO, STARTTLS, MAIL,
 * RCPT, RSET, NOOP and QUIT, records every command, and never accepts DATA.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface ScriptedSmtpOptions {
  /** Certificate for STARTTLS. */
  tls: { key: string; cert: string };
  /** Server name in the greeting and EHLO reply. */
  name?: string;
  /** Extensions before TLS (STARTTLS is added). */
  before?: string[];
  /** Extensions after TLS. */
  after?: string[];
}

export interface ScriptedSmtpServer {
  port: number;
  /** Commands received, in order ("EHLO x", "STARTTLS", …), across connections. */
  commands: string[];
  close(): Promise<void>;
}

export async function startScriptedSmtp(options: ScriptedSmtpOptions): Promise<ScriptedSmtpServer> {
  const name = options.name ?? 'mx1.example.test';
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();

  const serve = (socket: net.Socket, secure: boolean): void => {
    let buffer = '';
    const reply = (lines: string[], code = 250): void => {
      socket.write(lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
    };
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        commands.push(line);
        const verb = line.split(/[\s:]/)[0]!.toUpperCase();
        if (verb === 'EHLO') reply([name, ...(secure ? options.after ?? [] : [...(options.before ?? []), 'STARTTLS'])]);
        else if (verb === 'HELO') reply([name]);
        else if (verb === 'STARTTLS' && !secure) {
          socket.off('data', onData);
          socket.write('220 2.0.0 Ready to start TLS\r\n');
          const secured = new tls.TLSSocket(socket, { isServer: true, key: options.tls.key, cert: options.tls.cert });
          secured.on('error', () => undefined);
          serve(secured, true);
          return;
        } else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') reply(['2.0.0 OK']);
        else if (verb === 'QUIT') {
          socket.end('221 2.0.0 Bye\r\n');
          return;
        } else reply(['5.5.1 Command not recognised here'], 502);
      }
    };
    socket.on('data', onData);
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write(`220 ${name} ESMTP scripted test server\r\n`);
    serve(socket, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    commands,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}
