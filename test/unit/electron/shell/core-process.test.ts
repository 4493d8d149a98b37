import { beforeEach, describe, expect, it, vi } from 'vitest';
import { electronMock } from './electron-mock';
import { startCoreProcess } from '../../../../electron/shell/core-process';

vi.mock('electron', async () => {
  const m = await import('./electron-mock');
  return { ...m.electronMock, default: m.electronMock };
});

beforeEach(() => {
  electronMock.utilityProcess.forks.length = 0;
});

const lastChild = () => electronMock.utilityProcess.forks.at(-1)!.child;

describe('core utility process', () => {
  it('forks the utility entry with the flags and resolves on ready', async () => {
    const started = startCoreProcess({ modulePath: '/app/dist/host/utility.js', args: ['--data', '/d'] });
    const fork = electronMock.utilityProcess.forks.at(-1)!;
    expect(fork.modulePath).toBe('/app/dist/host/utility.js');
    expect(fork.args).toEqual(['--data', '/d']);
    fork.child.emit('message', { type: 'ready', url: 'http://127.0.0.1:9/#token=t', smtpPort: 2525 });
    const core = await started;
    expect(core.url).toBe('http://127.0.0.1:9/#token=t');
    expect(core.smtpPort).toBe(2525);
  });

  it('rejects with the core’s message when it fails, or when it exits first', async () => {
    const failing = startCoreProcess({ modulePath: 'u.js', args: [] });
    lastChild().emit('message', { type: 'error', message: 'SMTP port 2525 is already in use' });
    await expect(failing).rejects.toThrow('SMTP port 2525 is already in use');
    const dying = startCoreProcess({ modulePath: 'u.js', args: [] });
    lastChild().emit('exit', 3);
    await expect(dying).rejects.toThrow(/exited before it was ready \(exit code 3\)/);
  });

  it('gives up after the ready timeout and kills the child', async () => {
    const slow = startCoreProcess({ modulePath: 'u.js', args: [], readyTimeoutMs: 20 });
    await expect(slow).rejects.toThrow(/did not start within/);
    expect(lastChild().killed).toBe(true);
  });

  it('stops with a stop message, and kills a child that does not exit in time', async () => {
    const started = startCoreProcess({ modulePath: 'u.js', args: [] });
    const child = lastChild();
    child.emit('message', { type: 'ready', url: 'http://127.0.0.1:9/', smtpPort: 1 });
    const core = await started;
    await core.stop(30);
    expect(child.posted).toEqual([{ type: 'stop' }]);
    expect(child.killed).toBe(true);

    const again = startCoreProcess({ modulePath: 'u.js', args: [] });
    const polite = lastChild();
    polite.emit('message', { type: 'ready', url: 'http://127.0.0.1:9/', smtpPort: 1 });
    const core2 = await again;
    polite.postMessage = (m: unknown) => {
      polite.posted.push(m);
      setTimeout(() => polite.emit('exit', 0), 5);
    };
    await core2.stop(1000);
    expect(polite.killed).toBe(false);
  });
});
