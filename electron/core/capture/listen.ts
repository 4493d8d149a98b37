/**
 * Binding a listener and saying in plain words why it failed: the UI shows
 * this text next to the "start" button, so it names the port and the fix.
 */
import type { SMTPServer } from 'smtp-server';
import type { CaptureSettings } from '../../../shared/model/settings';

/** Listen and resolve with the bound port (the real one when 0 was asked). */
export function listenOn(server: SMTPServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(Object.assign(error, { port }));
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** A user-facing reason for a failed start. */
export function describeListenError(error: unknown, settings: Pick<CaptureSettings, 'host'>): string {
  const e = error as NodeJS.ErrnoException & { port?: number };
  const where = `${settings.host}:${e?.port ?? '?'}`;
  switch (e?.code) {
    case 'EADDRINUSE':
      return `Port ${e.port} on ${settings.host} is already in use (another Mailscope, MailDev or Mailpit?). Choose another port; 0 picks a free one.`;
    case 'EACCES':
      return `Not allowed to listen on ${where}: ports below 1024 need administrator rights. Choose a port above 1024.`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${settings.host}: no such address on this machine.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot listen on ${settings.host}: the name does not resolve.`;
    default:
      return `The capture server could not start on ${where}: ${e?.message ?? String(error)}`;
  }
}
