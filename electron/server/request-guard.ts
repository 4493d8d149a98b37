/**
 * The checks every request passes before anything else looks at it: the Host
 * header (DNS rebinding), the Origin header (cross-site requests) and, on
 * /api and the WebSocket, the per-run token. Pure functions over header
 * values, so they are tested without a socket.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';

/** Addresses that mean "every interface": the browser cannot use them as a Host. */
const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** `[::1]` for IPv6 literals, the name as is otherwise. */
export function formatHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/**
 * The Host header values this server answers to. Loopback names always; the
 * bound address too when the user explicitly bound another interface; every
 * local address when bound to a wildcard (a phone on the LAN types one of
 * them). Anything else is a name an attacker's DNS pointed at us.
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (WILDCARDS.has(boundHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(formatHost(info.address));
    }
  } else {
    names.add(formatHost(boundHost.toLowerCase()));
  }
  return new Set([...names].map((name) => `${name}:${port}`));
}

/** True when the Host header names this server (case-insensitive, port required). */
export function isAllowedHost(hostHeader: string | undefined, allowed: Set<string>): boolean {
  if (!hostHeader) return false;
  return allowed.has(hostHeader.trim().toLowerCase());
}

/**
 * An Origin header, when present, must be this server's own origin as the
 * client addressed it (`http://` + the already-validated Host). Browsers send
 * Origin on every cross-origin request, on every POST and on WebSocket
 * upgrades, so another site's page (or a sandboxed frame, Origin "null")
 * cannot drive the API even if it guessed the token. Clients that are not
 * browsers (curl, the CLI, the Electron main process) send no Origin.
 */
export function isAllowedOrigin(originHeader: string | undefined, hostHeader: string | undefined): boolean {
  if (originHeader === undefined) return true;
  if (!hostHeader) return false;
  return originHeader.trim().toLowerCase() === `http://${hostHeader.trim().toLowerCase()}`;
}

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
