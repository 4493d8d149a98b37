/**
 * Dev harness: serves the built renderer (dist/renderer) over the real HTTP
 * server with an in-memory core, seeded with sample mail, and prints the URL.
 *   npx tsx test/e2e/support/dev-host.ts [--synthetic 100000] [--port 5190] [--empty]
 * Every few seconds with --live it "captures" another message.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { createHttpServer } from '../../../electron/server/http-server';
import { createMemoryCore } from './memory-core';
import { hostileMail, invoiceMail, resetMail, welcomeMail } from './sample-mail';

export async function compose(options: Mail.Options): Promise<Uint8Array> {
  const buffer = await new MailComposer(options).compile().build();
  return new Uint8Array(buffer);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const core = createMemoryCore();
  const synthetic = Number(flag('--synthetic') ?? 0);
  if (synthetic > 0) core.addSynthetic(synthetic);
  if (!args.includes('--empty')) {
    const base = Date.now() - 3_600_000;
    const samples = [resetMail(), invoiceMail(), hostileMail('http://127.0.0.1:9'), welcomeMail()];
    for (const [i, mail] of samples.entries()) await core.add(await compose(mail), { receivedAt: base + i * 600_000, emit: false });
  }
  const token = randomBytes(16).toString('hex');
  const handle = await createHttpServer({ core, token, rendererDir: path.resolve('dist/renderer'), port: Number(flag('--port') ?? 0) });
  console.log(JSON.stringify({ url: `${handle.origin}/#token=${token}` }));
  if (args.includes('--live')) {
    let n = 0;
    setInterval(() => {
      void compose({ ...resetMail(), subject: `Live message ${++n}` }).then((raw) => core.add(raw));
    }, 3000).unref();
  }
  const stop = () => void handle.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
