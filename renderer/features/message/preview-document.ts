/**
 * Turns a captured HTML body (hostile input) into the srcdoc of the preview
 * frame. Defence in depth, each layer enough on its own for scripts:
 *
 * 1. DOMPurify removes scripts, event handlers, javascript: URLs, and we
 *    also drop forms and their controls, <meta> (refresh), <base>, <link>
 *    (unless remote content is allowed), frames, objects and embeds.
 * 2. The frame is `<iframe sandbox="allow-popups allow-popups-to-escape-sandbox">`:
 *    no allow-scripts (nothing runs even if markup slipped through), no
 *    allow-same-origin (an opaque origin: it cannot touch the app or its API).
 * 3. A CSP <meta> as the very first thing in <head>: until the user clicks
 *    "Load remote content", nothing may load from the network at all (images
 *    only from data:, styles only inline); afterwards http(s) images and
 *    styles only. The app's own CSP header still applies on top.
 *
 * Links get target=_blank + rel=noopener so a click opens the system browser
 * (Electron) or a new tab, never navigating the app. cid: images are
 * rewritten to data: URLs from the message's own attachments.
 *
 * Parsing happens in DOMPurify's inert document (DOMParser): no image in it
 * loads, and nothing here ever adopts its nodes into the live page.
 */
import DOMPurify from 'dompurify';

/** Until the user asks: no network at all. */
export const BLOCKED_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'";
/** After "Load remote content": remote images and stylesheets, still no script, frame, font or media. */
export const REMOTE_CSP =
  "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline' http: https:; font-src data:; form-action 'none'; base-uri 'none'";

const FORBID_TAGS = [
  'script',
  'noscript',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'meta',
  'base',
  'link',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'template',
];
const FORBID_ATTR = ['action', 'formaction', 'ping', 'srcdoc', 'http-equiv'];

/** Attributes that make the browser fetch something. */
const FETCHING_ATTRS = ['src', 'srcset', 'background', 'poster', 'data', 'xlink:href', 'lowsrc', 'dynsrc'];

const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const CSS_REMOTE = /url\(\s*['"]?\s*(?:https?:)?\/\/|@import\s+(?:url\(\s*)?['"]?\s*(?:https?:)?\/\//gi;

export interface PreviewInput {
  html: string;
  /** Load remote images and stylesheets. */
  allowRemote: boolean;
  /** Content-ID (without <>) → data: URL of that part. */
  cidUrls: ReadonlyMap<string, string>;
}

export interface PreviewDocument {
  /** The complete document for `srcdoc`. */
  srcdoc: string;
  /** How many remote resources the message references (images, stylesheets, CSS urls). */
  remoteCount: number;
  /** cid: references with no matching part. */
  missingCids: string[];
}

/** Content-IDs referenced with cid: in the HTML (to fetch those parts before building). */
export function referencedCids(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/cid:([^"'\s)>]+)/gi)) {
    try {
      found.add(decodeURIComponent(m[1] as string).replace(/^<|>$/g, ''));
    } catch {
      found.add((m[1] as string).replace(/^<|>$/g, ''));
    }
  }
  return [...found];
}

function cssRemoteCount(css: string): number {
  return [...css.matchAll(CSS_REMOTE)].length;
}

/** Sanitise and wrap. Needs a DOM (the renderer; tests run it in Chromium). */
export function buildPreviewDocument(input: PreviewInput): PreviewDocument {
  const purify = DOMPurify(window);
  let remoteCount = 0;
  const missing = new Set<string>();

  purify.addHook('uponSanitizeElement', (node, data) => {
    // <link rel=stylesheet href=http(s)://…> survives only when remote content is allowed.
    if (data.tagName === 'link' && input.allowRemote) {
      const el = node as Element;
      const rel = (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
      const href = el.getAttribute('href') ?? '';
      // Anything but a remote stylesheet is made inert (DOMPurify owns node removal).
      if (!rel.includes('stylesheet') || !/^\s*https?:\/\//i.test(href)) el.removeAttribute('href');
    }
    if (data.tagName === 'link') {
      const href = (node as Element).getAttribute?.('href') ?? '';
      if (REMOTE_URL.test(href)) remoteCount++;
    }
    if (data.tagName === 'style') remoteCount += cssRemoteCount(node.textContent ?? '');
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    for (const name of FETCHING_ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      if (name === 'srcset' ? value.split(',').some((part) => REMOTE_URL.test(part)) : REMOTE_URL.test(value)) remoteCount++;
    }
    const style = el.getAttribute('style');
    if (style) remoteCount += cssRemoteCount(style);
    const tag = el.tagName.toLowerCase();
    // SVG <image href> / <use href> fetch too; anchors and links are counted elsewhere or not at all.
    if (tag !== 'a' && tag !== 'area' && tag !== 'link' && REMOTE_URL.test(el.getAttribute('href') ?? '')) remoteCount++;
    if ((tag === 'a' || tag === 'area') && el.hasAttribute('href')) {
      // In-message anchors (#section) scroll the preview; everything else leaves the app.
      if ((el.getAttribute('href') ?? '').trim().startsWith('#')) el.removeAttribute('target');
      else {
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer');
      }
    }
    const src = el.getAttribute('src');
    if (src && /^\s*cid:/i.test(src)) {
      let cid = src.trim().slice(4);
      try {
        cid = decodeURIComponent(cid);
      } catch {
        // keep as written
      }
      cid = cid.replace(/^<|>$/g, '');
      const url = input.cidUrls.get(cid);
      if (url) el.setAttribute('src', url);
      else {
        missing.add(cid);
        el.removeAttribute('src');
        if (!el.getAttribute('alt')) el.setAttribute('alt', `[inline image ${cid} not found]`);
      }
    }
  });

  const root = purify.sanitize(input.html, {
    WHOLE_DOCUMENT: true,
    RETURN_DOM: true,
    FORBID_TAGS: input.allowRemote ? FORBID_TAGS.filter((t) => t !== 'link') : FORBID_TAGS,
    ADD_TAGS: input.allowRemote ? ['link'] : [],
    FORBID_ATTR,
    ADD_ATTR: ['target'],
    ALLOW_DATA_ATTR: false,
  }) as HTMLElement;

  const doc = root.ownerDocument;
  let head = root.querySelector('head');
  if (!head) {
    head = doc.createElement('head');
    root.prepend(head);
  }
  const charset = doc.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const csp = doc.createElement('meta');
  csp.setAttribute('http-equiv', 'Content-Security-Policy');
  csp.setAttribute('content', input.allowRemote ? REMOTE_CSP : BLOCKED_CSP);
  const referrer = doc.createElement('meta');
  referrer.setAttribute('name', 'referrer');
  referrer.setAttribute('content', 'no-referrer');
  // Mail is designed for a white page; the frame keeps it whatever the app theme.
  const base = doc.createElement('style');
  base.textContent = 'html{color-scheme:light;background:#fff;color:#222}body{margin:0;padding:16px 20px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;overflow-wrap:anywhere}img{max-width:100%;height:auto}';
  // The CSP must come before anything that could fetch.
  head.prepend(charset, csp, referrer, base);

  return { srcdoc: `<!doctype html>${root.outerHTML}`, remoteCount, missingCids: [...missing] };
}
