/**
 * A minimal client the main process uses to call the host API (menu Import…
 * and Export…, files opened while the app runs). Same contract and encoding
 * as the renderer's client; the main process sends no Origin header, so the
 * server treats it like any non-browser client that holds the token.
 */
import { routes } from '../../shared/api/contract';
import type { ApiMethod, ApiRequest, ApiResponse, RouteSpec } from '../../shared/api/contract';
import { encodeRequest } from '../../shared/api/http';

export interface HostClient {
  call<M extends ApiMethod>(name: M, request: ApiRequest<M>): Promise<ApiResponse<M>>;
}

/** `hostUrl` is the URL the core reported, `#token=…` included. */
export function createHostClient(hostUrl: string): HostClient {
  const url = new URL(hostUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  return {
    async call(name, request) {
      const spec: RouteSpec = routes[name];
      const encoded = encodeRequest(spec, request as Record<string, unknown>);
      const res = await fetch(new URL(encoded.url, url.origin), {
        method: spec.method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': spec.requestBody === 'binary' ? 'application/octet-stream' : 'application/json' },
        body: encoded.body as RequestInit['body'],
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The Mailscope core answered ${res.status}.`);
      }
      if (spec.responseBody === 'binary') {
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { bytes, contentType: res.headers.get('content-type') ?? 'application/octet-stream' } as ApiResponse<typeof name>;
      }
      return (await res.json()) as ApiResponse<typeof name>;
    },
  };
}
