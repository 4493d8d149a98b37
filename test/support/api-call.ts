/**
 * One authorized call to a running host's HTTP API, as the renderer makes it
 * (Bearer token, JSON body), bounded in time. Returns the status, the body
 * text and its content type; callers parse what they expect.
 */
export interface ApiReply {
  status: number;
  text: string;
  type: string;
}

export async function callApi(host: { origin: string; token: string }, method: string, route: string, body?: unknown): Promise<ApiReply> {
  const res = await fetch(new URL(route, host.origin), {
    method,
    headers: { Authorization: `Bearer ${host.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}
