/**
 * Postfix's smtp-source (load generator) and smtp-sink (discard server, the
 * protocol ceiling), used straight out of the Debian package without
 * installing or configuring Postfix: `apt-get download postfix` into a cache
 * folder, `dpkg -x` it, and run the binaries with LD_LIBRARY_PATH pointing at
 * the package's own shared libraries (usr/lib/postfix).
 *
 * Looked for, in order: MAILSCOPE_POSTFIX_ROOT (a folder holding
 * usr/sbin/smtp-source), an installed Postfix (/usr/sbin), the cache
 * (node_modules/.cache/mailscope-bench/postfix), then a fresh download.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface PostfixTools {
  smtpSource: string;
  smtpSink: string;
  /** Environment for running them (LD_LIBRARY_PATH for the extracted libraries). */
  env: NodeJS.ProcessEnv;
  /** Where they came from, for the report. */
  origin: string;
  /** Postfix version of the package, when known. */
  version: string | null;
}

/** Why the tools could not be had, in one sentence the user can act on. */
export class PostfixToolsError extends Error {}

function toolsUnder(root: string, origin: string): PostfixTools | null {
  const smtpSource = path.join(root, 'usr', 'sbin', 'smtp-source');
  const smtpSink = path.join(root, 'usr', 'sbin', 'smtp-sink');
  if (!existsSync(smtpSource) || !existsSync(smtpSink)) return null;
  const libDir = path.join(root, 'usr', 'lib', 'postfix');
  const env = { ...process.env };
  if (existsSync(libDir) && root !== '/') env.LD_LIBRARY_PATH = [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { smtpSource, smtpSink, env, origin, version: null };
}

/** Run smtp-source without arguments: it must load its libraries and print its usage. */
function check(tools: PostfixTools): string | null {
  const run = spawnSync(tools.smtpSource, [], { env: tools.env, encoding: 'utf8', timeout: 10_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (/usage:/i.test(output)) return null;
  return output.trim().split('\n')[0] || run.error?.message || `exit code ${run.status}`;
}

function download(cacheDir: string): PostfixTools {
  if (process.platform !== 'linux') throw new PostfixToolsError('smtp-source/smtp-sink come from the Debian postfix package; run the benchmark on Debian/Ubuntu or set MAILSCOPE_POSTFIX_ROOT.');
  const apt = spawnSync('apt-get', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (apt.error || apt.status !== 0) {
    throw new PostfixToolsError('apt-get is not available, so the postfix package cannot be fetched. Install Postfix, or extract its package and set MAILSCOPE_POSTFIX_ROOT to that folder.');
  }
  const debDir = path.join(cacheDir, 'deb');
  rmSync(debDir, { recursive: true, force: true });
  mkdirSync(debDir, { recursive: true });
  console.log('bench: fetching the Debian postfix package (apt-get download postfix) for smtp-source and smtp-sink…');
  const got = spawnSync('apt-get', ['download', 'postfix'], { cwd: debDir, encoding: 'utf8', timeout: 180_000 });
  const deb = readdirSync(debDir).find((f) => /^postfix_.*\.deb$/.test(f));
  if (got.status !== 0 || !deb) {
    const why = (got.stderr || got.error?.message || '').trim().split('\n').filter((l) => !l.startsWith('W:')).slice(-1)[0] ?? '';
    throw new PostfixToolsError(`apt-get download postfix failed${why ? ` (${why})` : ''}. Without smtp-source and smtp-sink the benchmark cannot run; install postfix or set MAILSCOPE_POSTFIX_ROOT.`);
  }
  const root = path.join(cacheDir, 'root');
  rmSync(root, { recursive: true, force: true });
  const x = spawnSync('dpkg', ['-x', path.join(debDir, deb), root], { encoding: 'utf8', timeout: 60_000 });
  if (x.status !== 0) throw new PostfixToolsError(`dpkg -x ${deb} failed: ${(x.stderr || x.error?.message || '').trim()}`);
  const tools = toolsUnder(root, `${deb} extracted into ${path.relative(process.cwd(), root) || root}`);
  if (!tools) throw new PostfixToolsError(`${deb} did not contain usr/sbin/smtp-source and smtp-sink.`);
  tools.version = deb.replace(/^postfix_/, '').replace(/_.*$/, '');
  return tools;
}

/** Find or fetch the tools; throws PostfixToolsError with a plain explanation when it cannot. */
export function getPostfixTools(projectRoot: string): PostfixTools {
  const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'mailscope-bench', 'postfix');
  const candidates: (() => PostfixTools | null)[] = [
    () => (process.env.MAILSCOPE_POSTFIX_ROOT ? toolsUnder(process.env.MAILSCOPE_POSTFIX_ROOT, `MAILSCOPE_POSTFIX_ROOT=${process.env.MAILSCOPE_POSTFIX_ROOT}`) : null),
    () => toolsUnder('/', 'installed Postfix (/usr/sbin)'),
    () => {
      const cached = toolsUnder(path.join(cacheDir, 'root'), 'cached postfix package (node_modules/.cache/mailscope-bench/postfix)');
      const deb = existsSync(path.join(cacheDir, 'deb')) ? readdirSync(path.join(cacheDir, 'deb')).find((f) => f.endsWith('.deb')) : undefined;
      if (cached && deb) cached.version = deb.replace(/^postfix_/, '').replace(/_.*$/, '');
      return cached;
    },
  ];
  const problems: string[] = [];
  for (const candidate of candidates) {
    const tools = candidate();
    if (!tools) continue;
    const problem = check(tools);
    if (problem === null) return tools;
    problems.push(`${tools.origin}: ${problem}`);
  }
  const tools = download(cacheDir);
  const problem = check(tools);
  if (problem !== null) throw new PostfixToolsError(`smtp-source from ${tools.origin} does not run here: ${problem}${problems.length ? ` (also tried: ${problems.join('; ')})` : ''}`);
  return tools;
}

/** smtp-sink refuses to run as root without a user to switch to. */
export function sinkUserArgs(): string[] {
  return typeof process.getuid === 'function' && process.getuid() === 0 ? ['-u', 'nobody'] : [];
}
