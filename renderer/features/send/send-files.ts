/**
 * Reading files the user picks or drops for a send (attachments, an .eml)
 * into the base64 the contract carries. Sizes are capped here, with a
 * message, instead of failing somewhere in the core.
 */
import type { ComposeAttachment } from '../../../shared/model/send';

/** One message's worth: the capture server's default size limit. */
export const MAX_SEND_BYTES = 25 * 1024 * 1024;

/** Bytes → base64, in chunks (String.fromCharCode on a 25 MB array would overflow the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Decoded size of a base64 string, without decoding it. */
export function base64Size(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

/** Files → attachments, or the reason they cannot be added (too large together with what is there). */
export async function readAttachments(files: readonly File[], existing: readonly ComposeAttachment[]): Promise<{ attachments: ComposeAttachment[]; error: string | null }> {
  let total = existing.reduce((n, a) => n + base64Size(a.contentBase64), 0);
  const attachments: ComposeAttachment[] = [];
  for (const file of files) {
    if (total + file.size > MAX_SEND_BYTES) return { attachments, error: `${file.name} would take the message over 25 MB; it was not added.` };
    total += file.size;
    attachments.push({ filename: file.name, contentType: file.type || 'application/octet-stream', contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) });
  }
  return { attachments, error: null };
}

/** An .eml file → the form's eml source, or why not. */
export async function readEml(file: File): Promise<{ eml: { name: string; rawBase64: string; size: number } | null; error: string | null }> {
  if (file.size > MAX_SEND_BYTES) return { eml: null, error: `${file.name} is larger than 25 MB.` };
  if (file.size === 0) return { eml: null, error: `${file.name} is empty.` };
  return { eml: { name: file.name, rawBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())), size: file.size }, error: null };
}
