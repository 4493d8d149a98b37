import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuSecondsOf, minorFaultsOf } from '../../bench/servers';

// The benchmark reads CPU time and page faults from Linux's /proc; elsewhere it prints n/a.
const hasProc = existsSync('/proc/self/stat');

describe.skipIf(!hasProc)('bench: per-process figures from /proc/PID/stat', () => {
  it('counts the minor page faults of touching fresh memory', () => {
    const before = minorFaultsOf(process.pid);
    expect(before).not.toBeNull();
    // 32 MiB touched for the first time: at least one fault per 2 MiB even with transparent huge pages.
    const fresh = Buffer.allocUnsafeSlow(32 * 1024 * 1024);
    for (let i = 0; i < fresh.length; i += 4096) fresh[i] = 1;
    const after = minorFaultsOf(process.pid);
    expect((after as number) - (before as number)).toBeGreaterThanOrEqual(16);
  });

  it('counts CPU time as it is spent', () => {
    const before = cpuSecondsOf(process.pid) as number;
    expect(before).toBeGreaterThan(0);
    // Spin until 50 ms of CPU show (a busy machine may give this process less than its wall time), at most 5 s.
    const until = Date.now() + 5000;
    let spent = 0;
    while (Date.now() < until && spent < 0.05) spent = (cpuSecondsOf(process.pid) as number) - before;
    expect(spent).toBeGreaterThanOrEqual(0.05);
  });

  it('gives null for a process that is not there', () => {
    expect(minorFaultsOf(2 ** 22 + 12345)).toBeNull();
    expect(cpuSecondsOf(2 ** 22 + 12345)).toBeNull();
  });
});
