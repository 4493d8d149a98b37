/**
 * smtp-server reports every command it reads (`C:`), every reply it writes
 * (`S:`) and connection events through a bunyan-style `logger` option, each
 * call tagged with the connection id (`cid`). This adapter routes those calls
 * to the transcript recorder of that connection, so the transcript is exactly
 * what crossed the wire, in the order the server processed it.
 *
 * Calls without a connection (listening, server closing) are not transcript
 * material and are dropped: server-level failures reach us through the
 * server's 'error' event instead.
 */
import { format } from 'node:util';
import type { TranscriptRecorder } from './transcript-recorder';

/** What smtp-server passes as the first argument of every log call. */
interface LogEntry {
  cid?: string;
  tnx?: string;
  command?: string;
}

type LogFn = (entry: LogEntry, message: string, ...args: unknown[]) => void;

/** The bunyan-like surface smtp-server calls (nodemailer's getLogger wraps it). */
export interface SmtpLogger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
}

/**
 * smtp-server lines the capture server records better itself: the duplicate
 * close line, "Connection from" (we note address, port and local end), the
 * TLS upgrade (we note protocol and cipher), and the DATA size line, which
 * smtp-server writes only after the reply decision — we write it when the
 * final dot arrives, before "stored as #id".
 */
const NOISE = [/received "close" event/, /^Connection from /, /^Connection upgraded to TLS/];

export function createSmtpLogger(recorderFor: (cid: string) => TranscriptRecorder | undefined): SmtpLogger {
  const route = (severity: 'info' | 'error'): LogFn => {
    return (entry, message, ...args) => {
      const recorder = entry?.cid ? recorderFor(entry.cid) : undefined;
      if (!recorder) return;
      if (entry.tnx === 'send' && message === 'S:') {
        recorder.server(String(args[0] ?? '').replace(/\r\n/g, '\n'));
        return;
      }
      if (entry.tnx === 'command' && message === 'C:') {
        recorder.client(String(args[0] ?? ''), entry.command);
        return;
      }
      if (entry.tnx === 'data' && message.startsWith('C: ')) return;
      const text = format(message, ...args);
      if (NOISE.some((pattern) => pattern.test(text))) return;
      if (severity === 'error') recorder.error(text);
      else recorder.info(text);
    };
  };
  const info = route('info');
  const error = route('error');
  return { trace: info, debug: info, info, warn: error, error, fatal: error };
}
