/**
 * Headers sent on every response. The Content-Security-Policy travels as an
 * HTTP header (Electron security checklist #7: "CSP's preferred delivery
 * mechanism is an HTTP header"), so it covers the desktop window and a plain
 * browser alike.
 */
import type { ServerResponse } from 'node:http';

/**
 * The policy for the renderer, given the Host the client used (already
 * validated, so safe to echo into the header).
 *
 * Why each source list is what it is:
 * - script-src 'self': the Vite bundle only; no inline script, no eval.
 * - style-src 'unsafe-inline': React style props and the <style> blocks of
 *   captured HTML in the preview frame (styles cannot run code).
 * - img-src adds http: and https: on purpose. The captured-HTML preview is an
 *   `<iframe sandbox srcdoc>`, and a srcdoc document INHERITS this policy; a
 *   policy can only be narrowed further, never widened, so without these the
 *   "load remote content" button could never work. Remote images stay blocked
 *   by default because the renderer gives each srcdoc its own stricter
 *   `<meta http-equiv="Content-Security-Policy">` until the user asks, and
 *   DOMPurify strips everything but markup and styles. Nothing else may load
 *   from the network.
 * - frame-src 'self' blob: data: about:: the srcdoc preview (about:srcdoc) and
 *   blob/data previews of attachments; no remote page can be framed, so a link
 *   clicked inside the preview cannot navigate the frame to the web.
 * - connect-src: fetch to this origin and the one WebSocket.
 * - object-src/base-uri/form-action 'none', frame-ancestors 'none': no
 *   plugins, no <base> hijack, no form posts, nobody may frame the app.
 */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https: http:",
    "font-src 'self' data:",
    "frame-src 'self' blob: data: about:",
    `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Set the headers that every response carries, whatever it is. */
export function setSecurityHeaders(res: ServerResponse, host: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Extra headers for API responses: never cached, never readable by other sites. */
export function setApiHeaders(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
