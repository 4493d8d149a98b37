/** Display formatting shared by the list and the message view. */
import type { Address } from '../../shared/model/message';

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'];

/** 1536 → "1.5 KB" (1024-based, like file managers). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${SIZE_UNITS[unit]}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const yearFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Compact list time: HH:MM today, the day this year, the date before (the full time is in the tooltip). */
export function formatListTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return timeFormat.format(date);
  if (date.getFullYear() === today.getFullYear()) return dayFormat.format(date);
  return yearFormat.format(date);
}

export function formatFullTime(ms: number): string {
  return fullFormat.format(new Date(ms));
}

/** "Name <a@b>" or just the address. */
export function formatAddress(address: Address): string {
  if (address.name && address.address) return `${address.name} <${address.address}>`;
  return address.name || address.address || '(unreadable address)';
}

/** Short form for the list: the display name when there is one. */
export function shortAddresses(list: Address[], fallback = ''): string {
  if (list.length === 0) return fallback;
  const first = list[0] as Address;
  const head = first.name || first.address;
  return list.length > 1 ? `${head} +${list.length - 1}` : head;
}

/** Milliseconds as "+0.012 s" for transcript offsets. */
export function formatOffset(ms: number): string {
  return `+${(ms / 1000).toFixed(3)}s`;
}

/**
 * The header's retention hint, once the inbox holds at least 90 % of its
 * limit (from then on new mail can push the oldest out, and a QA engineer
 * looking for an old message should know why it is gone); null below that.
 */
export function retentionHint(count: number, maxMessages: number): { text: string; title: string } | null {
  if (!(maxMessages > 0) || count < maxMessages * 0.9) return null;
  const limit = maxMessages.toLocaleString();
  return {
    text: `keeps the newest ${limit}`,
    title: `Retention: once more than ${limit} ${maxMessages === 1 ? 'message is' : 'messages are'} stored, the oldest are deleted as new mail arrives. Change it in Capture settings (Keep at most).`,
  };
}
