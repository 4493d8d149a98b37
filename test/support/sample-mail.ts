/**
 * Messages the e2e tests and the dev harness send: built here with
 * nodemailer (origin: this file), so each test states exactly what it
 * expects to see. The hostile one carries every trick the preview must
 * neutralise, pointed at a loopback "remote" server the test controls.
 */
import type Mail from 'nodemailer/lib/mailer';

/** A 1×1 red PNG (hand-assembled, valid). */
export const RED_DOT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export function welcomeMail(): Mail.Options {
  return {
    from: { name: 'Acme Staging', address: 'no-reply@staging.acme.test' },
    to: [{ name: 'Quinn Tester', address: 'quinn@qa.acme.test' }],
    subject: 'Welcome to Acme, Quinn!',
    text: 'Hi Quinn,\n\nThanks for signing up. Confirm your address: https://staging.acme.test/confirm?t=abc123\n\n— The Acme team',
    html: `<!doctype html><html><head><style>.btn{background:#2864e8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block}</style></head>
<body style="font-family:Helvetica,Arial,sans-serif;background:#f4f5f7;padding:24px">
<table width="100%" style="max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:24px"><tr><td>
<img src="cid:logo@acme" alt="Acme" width="32" height="32">
<h1 style="font-size:22px;color:#1c2026">Welcome aboard, Quinn 👋</h1>
<p>Thanks for signing up. Please confirm your email address to get started.</p>
<p><a class="btn" href="https://staging.acme.test/confirm?t=abc123">Confirm my address</a></p>
<p style="color:#777;font-size:12px">You received this because you created an account on staging.</p>
</td></tr></table></body></html>`,
    attachments: [{ filename: 'logo.png', content: RED_DOT_PNG, cid: 'logo@acme', contentType: 'image/png' }],
    headers: { 'X-Campaign': 'onboarding-1' },
  };
}

export function invoiceMail(): Mail.Options {
  return {
    from: { name: 'Billing', address: 'billing@acme.test' },
    to: 'finance@customer.test',
    cc: 'audit@customer.test',
    bcc: 'archive@acme.test',
    subject: 'Invoice INV-2024-0042 — €1 234,50',
    text: 'Please find attached invoice INV-2024-0042.\nAmount due: €1 234,50 by 31 May.',
    attachments: [
      { filename: 'INV-2024-0042.pdf', content: Buffer.from('%PDF-1.4\n% fake pdf for tests\n'), contentType: 'application/pdf' },
      { filename: 'line-items.csv', content: 'item,qty,price\nWidget,3,411.50\n', contentType: 'text/csv' },
    ],
  };
}

export function resetMail(): Mail.Options {
  return {
    from: 'security@acme.test',
    to: 'quinn@qa.acme.test',
    subject: 'Reset your password',
    text: 'Someone asked to reset your password. Code: 482913. If it was not you, ignore this email.',
  };
}

/**
 * Every hostile trick in one HTML body. `remote` is the origin of a loopback
 * HTTP server that stands in for the internet: any request it receives is a leak.
 */
export function hostileMail(remote: string): Mail.Options {
  return {
    from: 'attacker@evil.test',
    to: 'quinn@qa.acme.test',
    subject: 'Hostile HTML probe',
    text: 'hostile probe (text part)',
    html: `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${remote}/meta-refresh">
<base href="${remote}/base/">
<link rel="stylesheet" href="${remote}/link.css">
<style>@import url("${remote}/import.css"); .bg{background-image:url("${remote}/css-bg.png")}</style>
<script>console.log('PWNED-console');alert('PWNED-alert');window.top.document.title='PWNED-script';parent.postMessage('pwned-script','*');fetch('${remote}/script-fetch')</script>
</head><body onload="parent.postMessage('pwned-onload','*')">
<h1 id="hostile-heading">Hostile content test</h1>
<img src="${remote}/remote.png" alt="remote image" width="10" height="10">
<img src="x" onerror="window.top.document.title='PWNED-onerror';parent.postMessage('pwned-onerror','*')">
<iframe src="${remote}/iframe.html"></iframe>
<div class="bg" style="width:10px;height:10px;background:url('${remote}/inline-style.png')">bg</div>
<svg><image href="${remote}/svg-image.png" width="10" height="10"/></svg>
<form action="${remote}/form"><input name="q" value="x"><button>Submit</button></form>
<a id="hostile-link" href="javascript:parent.postMessage('pwned-js-link','*')">js link</a>
<a id="web-link" href="${remote}/clicked-link">a normal link</a>
<object data="${remote}/object.swf"></object><embed src="${remote}/embed.swf">
<video poster="${remote}/poster.png"></video>
</body></html>`,
  };
}

/**
 * Sanitiser evasions (encodings, SVG/MathML, odd attributes), each pointing
 * at a distinct path on the loopback "remote" server. Paths under /never/
 * must not be requested even after remote content is allowed.
 */
export function evasionMail(remote: string): Mail.Options {
  const host = remote.replace(/^http:/, '');
  return {
    from: 'attacker@evil.test',
    to: 'quinn@qa.acme.test',
    subject: 'Hostile HTML probe 2: evasions',
    text: 'evasions (text part)',
    html: `<html><head>
<META HTTP-EQUIV="Refresh" CONTENT="0; URL=${remote}/never/meta-upper">
<link rel="import" href="${remote}/never/link-import">
<link rel="prefetch" href="${remote}/never/prefetch">
<link rel="preload" as="image" href="${remote}/never/preload.png">
<style>@font-face{font-family:x;src:url(${remote}/never/font.woff)} body{font-family:x}</style>
</head><body background="${remote}/body-background.png">
<h1 id="evasion-heading">Evasions</h1>
<svg onload="parent.postMessage('pwned-svg','*')"><script>parent.postMessage('pwned-svg-script','*')</script><animate onbegin="parent.postMessage('pwned-animate','*')" attributeName="x" dur="1s"/></svg>
<math><mtext><table><mglyph><style><img src=x onerror="parent.postMessage('pwned-mxss','*')"></style></mglyph></table></mtext></math>
<a id="js-mixed" href="jAvAsCrIpT:parent.postMessage('pwned-jscase','*')">mixed case</a>
<a id="js-entity" href="&#106;avascript:parent.postMessage('pwned-entity','*')">entity</a>
<details open ontoggle="parent.postMessage('pwned-toggle','*')"><summary>d</summary>x</details>
<video><source onerror="parent.postMessage('pwned-source','*')" src="${remote}/never/video.mp4"></video>
<audio src="${remote}/never/audio.mp3" autoplay></audio>
<iframe srcdoc="<script>parent.postMessage('pwned-srcdoc','*')</script>"></iframe>
<img srcset="${remote}/srcset-1x.png 1x, ${remote}/srcset-2x.png 2x" alt="srcset">
<img src="${host}/protocol-relative.png" alt="protocol relative">
<table background="${remote}/table-background.png"><tr><td>t</td></tr></table>
<div style="background-image:url(&quot;${remote}/entity-url.png&quot;)">entity url</div>
<input type="image" src="${remote}/never/input-image.png">
<form><button formaction="${remote}/never/formaction">b</button></form>
<embed type="image/svg+xml" src="${remote}/never/embed.svg">
<svg><image xlink:href="${remote}/svg-xlink.png" width="5" height="5"/></svg>
<div id="import-trick" style="width:1px" onmouseover="parent.postMessage('pwned-hover','*')">hover</div>
</body></html>`,
  };
}
