/**
 * A hand-made stand-in for the core, for the server's unit tests only: every
 * contract operation records its request and answers with an echo (JSON
 * routes) or fixed bytes (binary routes). Integration tests use the real core.
 */
import { routes } from '../../../../shared/api/contract';
import type { ApiMethod } from '../../../../shared/api/contract';
import type { CoreEvent } from '../../../../shared/api/events';
import type { ServedCore } from '../../../../electron/server/http-server';

export interface FakeCore {
  core: ServedCore;
  calls: { name: ApiMethod; request: Record<string, unknown> }[];
  emit(event: CoreEvent): void;
  /** Make one operation throw this error on its next calls. */
  failures: Map<ApiMethod, unknown>;
  listenerCount(): number;
}

export const FAKE_BYTES = new TextEncoder().encode('From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n');

export function createFakeCore(): FakeCore {
  const calls: FakeCore['calls'] = [];
  const failures = new Map<ApiMethod, unknown>();
  const listeners = new Set<(event: CoreEvent) => void>();
  const handlers: Record<string, (request: Record<string, unknown>) => Promise<unknown>> = {};
  for (const name of Object.keys(routes) as ApiMethod[]) {
    handlers[name] = async (request) => {
      calls.push({ name, request });
      if (failures.has(name)) throw failures.get(name);
      if ((routes[name] as { responseBody?: string }).responseBody === 'binary') {
        return { bytes: FAKE_BYTES, contentType: 'message/rfc822', filename: `message "${name}".eml` };
      }
      return { method: name };
    };
  }
  const core = {
    ...handlers,
    subscribe(listener: (event: CoreEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ServedCore;
  return {
    core,
    calls,
    failures,
    emit: (event) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
  };
}
