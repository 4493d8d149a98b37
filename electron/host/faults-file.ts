/**
 * `mailscope serve --faults FILE`: fault rules for a headless run, read from
 * a JSON file so a CI job can start a capture server that already refuses,
 * defers or drops mail. The file holds what `PUT /api/faults` takes — either
 * `{ "faults": { … } }` or the settings object itself — and, to keep files
 * short, a rule may leave out `id`, `enabled` (true), `sender`/`recipient`
 * (""), `failFirst` (0) and `hits`, and the file may leave out `rateLimit`
 * (off). Everything else is checked like an API call; a problem is a usage
 * error (exit 2) naming the rule, before anything starts.
 */
import { readFile } from 'node:fs/promises';
import type { FaultSettings } from '../../shared/model/faults';
import { DEFAULT_RATE_LIMIT, faultSettingsProblems } from '../../shared/faults/fault-rules';
import { UsageError } from './parse-args';

function withDefaults(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  const settings = (typeof v.faults === 'object' && v.faults !== null ? v.faults : v) as Record<string, unknown>;
  const rules = Array.isArray(settings.rules)
    ? settings.rules.map((rule: unknown) =>
        typeof rule === 'object' && rule !== null ? { id: '', enabled: true, sender: '', recipient: '', failFirst: 0, hits: 0, ...(rule as Record<string, unknown>) } : rule,
      )
    : settings.rules;
  return { ...settings, rules: rules ?? [], rateLimit: settings.rateLimit ?? DEFAULT_RATE_LIMIT };
}

/** The checked settings in `file`, or a UsageError saying what is wrong. */
export async function readFaultsFile(file: string): Promise<FaultSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--faults: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--faults: ${file} is not JSON (${(error as Error).message}).`);
  }
  const settings = withDefaults(parsed);
  const problems = faultSettingsProblems(settings);
  if (problems.length > 0) throw new UsageError(`--faults: ${file}: ${problems.join(' ')}`);
  return settings as FaultSettings;
}
