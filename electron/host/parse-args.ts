/**
 * A small strict parser for the CLI's flags: `--name value` or `--name=value`,
 * unknown flags and missing values are usage errors (exit code 2) with a
 * message that says what was wrong.
 */

/** Bad command line: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `strings`: repeatable (`--selector a --selector b`), collected in `lists`. */
export type FlagKind = 'string' | 'port' | 'boolean' | 'strings';

export interface ParsedArgs {
  flags: Record<string, string | number | boolean>;
  /** Values of repeatable (`strings`) flags, in order; absent when never given. */
  lists: Record<string, string[]>;
  positionals: string[];
}

export function parsePort(name: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`${name} must be a port number from 0 to 65535 (0 picks a free one), not "${value}".`);
  return Number(value);
}

/** Parse argv against the allowed flags (names without the leading dashes). */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagKind>): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const lists: ParsedArgs['lists'] = {};
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || !arg.startsWith('--') || arg === '--') {
      if (arg === '--' && !onlyPositionals) onlyPositionals = true;
      else positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`Unknown option --${name}.`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value.`);
    if (value === '') throw new UsageError(`--${name} needs a non-empty value.`);
    if (kind === 'strings') (lists[name] ??= []).push(value);
    else flags[name] = kind === 'port' ? parsePort(`--${name}`, value) : value;
  }
  return { flags, lists, positionals };
}
