import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../../shared/api/contract';
import { ApiError, createApiClient, errorMessage, filenameFromDisposition } from '../../../../renderer/api/client';
import { compose } from '../../../support/compose';
import { startMemoryHost } from '../../../support/memory-host';
import type { MemoryHost } from '../../../support/memory-host';
import { invoiceMail, resetMail } from '../../../support/sample-mail';

let host: MemoryHost;

beforeAll(async () => {
  host = await startMemoryHost();
  await host.core.add(await compose(resetMail()));
  await host.core.add(await compose(invoiceMail()));
});
afterAll(() => host.close());

describe('createApiClient over the real HTTP server', () => {
  it('has exactly one method per route in the contract', () => {
    const client = createApiClient({ baseUrl: host.origin, token: host.token });
    expect(Object.keys(client).sort()).toEqual(Object.keys(routes).sort());
  });

  it('sends the Bearer token and decodes JSON responses', async () => {
    const client = createApiClient({ baseUrl: host.origin, token: host.token });
    const page = await client.listMessages({ offset: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.subject).toMatch(/^Invoice INV-2024-0042/);
    const status = await client.getStatus();
    expect(status.messageCount).toBe(2);
  });

  it('returns binary responses as bytes with type and file name', async () => {
    const client = createApiClient({ baseUrl: host.origin, token: host.token });
    const raw = await client.getRawMessage({ id: 1 });
    expect(raw.bytes).toBeInstanceOf(Uint8Array);
    expect(raw.contentType).toBe('message/rfc822');
    expect(raw.filename).toBe('message-1.eml');
    expect(new TextDecoder().decode(raw.bytes)).toContain('Subject: Reset your password');
  });

  it('uploads binary bodies with the other fields in the query', async () => {
    const client = createApiClient({ baseUrl: host.origin, token: host.token });
    const bytes = await compose({ ...resetMail(), subject: 'Uploaded through the client' });
    const result = await client.importUpload({ name: 'one.eml', body: { bytes, contentType: 'message/rfc822' } });
    expect(result.imported).toBe(1);
    const detail = await client.getMessage({ id: result.ids[0] as number });
    expect(detail.summary.subject).toBe('Uploaded through the client');
  });

  it("surfaces the server's error message and code", async () => {
    const client = createApiClient({ baseUrl: host.origin, token: host.token });
    const error = await client.getMessage({ id: 999 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).code).toBe('not_found');
    expect(errorMessage(error)).toBe('Message 999 does not exist (it may have been deleted).');
  });

  it('reports a wrong token as unauthorized with the host’s explanation', async () => {
    const client = createApiClient({ baseUrl: host.origin, token: 'wrong' });
    const error = (await client.getStatus().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/access token/i);
  });

  it('turns an unreachable host into a plain network error', async () => {
    const client = createApiClient({ baseUrl: 'http://127.0.0.1:9', token: host.token });
    const error = (await client.getStatus().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('network');
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not reach/i);
  });
});

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 filename* parameter', () => {
    expect(filenameFromDisposition(`attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`)).toBe('résumé.pdf');
  });
  it('falls back to the plain parameter, and to undefined', () => {
    expect(filenameFromDisposition('attachment; filename="a b.eml"')).toBe('a b.eml');
    expect(filenameFromDisposition(null)).toBeUndefined();
    expect(filenameFromDisposition('inline')).toBeUndefined();
  });
});
