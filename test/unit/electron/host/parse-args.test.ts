import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../../electron/host/parse-args';

const spec = { data: 'string', 'smtp-port': 'port', json: 'boolean' } as const;

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, booleans and positionals (after -- too)', () => {
    expect(parseArgs(['--data', '/d', '--smtp-port=0', 'a.eml', '--json', '--', '--not-a-flag'], spec)).toEqual({
      flags: { data: '/d', 'smtp-port': 0, json: true },
      lists: {},
      positionals: ['a.eml', '--not-a-flag'],
    });
  });

  it.each([
    [['--colour', 'red'], 'Unknown option --colour.'],
    [['--data'], '--data needs a value.'],
    [['--data', '--json'], '--data needs a value.'],
    [['--data='], '--data needs a non-empty value.'],
    [['--json=yes'], '--json takes no value.'],
    [['--smtp-port', '65536'], '--smtp-port must be a port number from 0 to 65535 (0 picks a free one), not "65536".'],
    [['--smtp-port', '-1'], '--smtp-port must be a port number from 0 to 65535 (0 picks a free one), not "-1".'],
    [['--smtp-port', '25x'], '--smtp-port must be a port number from 0 to 65535 (0 picks a free one), not "25x".'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
    expect(() => parseArgs(argv, spec)).toThrow(message);
  });
});
