/**
 * How a request object travels over HTTP, written once for both sides:
 * path params are filled from request fields of the same name; for GET/DELETE
 * and binary-body routes the remaining fields go in `?input=<json>`; for other
 * routes they are the JSON body.
 */
import type { RouteSpec } from './contract';

/** The parts of an HTTP request for one API call. */
export interface EncodedRequest {
  /** Path with params filled in and the query string appended. */
  url: string;
  /** JSON text, raw bytes, or undefined for no body. */
  body: string | Uint8Array | undefined;
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
}

/** Turn a request object into URL and body. */
export function encodeRequest(route: RouteSpec, request: Record<string, unknown>): EncodedRequest {
  const rest: Record<string, unknown> = { ...request };
  let url = route.path;
  for (const name of paramNames(route.path)) {
    url = url.replace(`:${name}`, encodeURIComponent(String(rest[name])));
    delete rest[name];
  }
  let body: string | Uint8Array | undefined;
  if (route.requestBody === 'binary') {
    const bin = rest.body as { bytes: Uint8Array } | undefined;
    delete rest.body;
    body = bin?.bytes;
  }
  if (fieldsInQuery(route)) {
    if (Object.keys(rest).length > 0) url += `?input=${encodeURIComponent(JSON.stringify(rest))}`;
  } else {
    body = JSON.stringify(rest);
  }
  return { url, body };
}

/** Match a path against a route path; returns the params (as numbers when numeric) or null. */
export function matchPath(routePath: string, actual: string): Record<string, string | number> | null {
  const a = routePath.split('/');
  const b = actual.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string | number> = {};
  for (let i = 0; i < a.length; i++) {
    const seg = a[i] as string;
    const got = b[i] as string;
    if (seg.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(got);
      } catch {
        return null;
      }
      if (value === '') return null;
      params[seg.slice(1)] = /^\d+$/.test(value) ? Number(value) : value;
    } else if (seg !== got) {
      return null;
    }
  }
  return params;
}

/** Whether a route's fields travel as `?input=<json>` (GET, DELETE, binary bodies) rather than as a JSON body. */
export function fieldsInQuery(route: RouteSpec): boolean {
  return route.method === 'GET' || route.method === 'DELETE' || route.requestBody === 'binary';
}

/**
 * Rebuild the request object on the server side from params, the `input`
 * query value and the JSON body text. Throws Error with a plain message on
 * malformed JSON.
 */
export function decodeRequest(
  route: RouteSpec,
  params: Record<string, string | number>,
  inputQuery: string | null,
  jsonBody: string | undefined,
): Record<string, unknown> {
  const parse = (text: string, what: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`The ${what} is not valid JSON.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`The ${what} must be a JSON object.`);
    }
    return value as Record<string, unknown>;
  };
  const fromQuery = inputQuery ? parse(inputQuery, 'input query parameter') : {};
  const fromBody = !fieldsInQuery(route) && jsonBody && jsonBody.trim() !== '' ? parse(jsonBody, 'request body') : {};
  return { ...fromQuery, ...fromBody, ...params };
}
