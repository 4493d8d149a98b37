/**
 * Dev harness: serves the built renderer (dist/renderer) over the real HTTP
 * server with an in-memory core, seeded with sample mail, and prints the URL.
 *   npx tsx test/e2e/support/dev-host.ts [--synthetic 100000] [--port 5190] [--empty]
 * Every few seconds with --live it "captures" another message.
 */
import path from 'node:path';
import { compose } from '../../support/compose';
import { createMemoryCore } from '../../support/memory-core';
import { startMemoryHost } from '../../support/memory-host';
import { hostileMail, invoiceMail, resetMail, welcomeMail } from '../../support/sample-mail';

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
  const host = await startMemoryHost({ core, rendererDir: path.resolve('dist/renderer'), port: Number(flag('--port') ?? 0) });
  console.log(JSON.stringify({ url: host.url }));
  if (args.includes('--live')) {
    let n = 0;
    setInterval(() => {
      void compose({ ...resetMail(), subject: `Live message ${++n}` }).then((raw) => core.add(raw));
    }, 3000).unref();
  }
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
