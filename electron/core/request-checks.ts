/**
 * Checks on request fields that arrive from outside (JSON over HTTP, the
 * CLI): a wrong type or range is a bad_request with a message naming the
 * field, never a crash or a silent default.
 */
import { badRequest } from './errors';

/** An integer field in [min, max]; `fallback` when absent (undefined = required). */
export function intOption(value: unknown, name: string, fallback: number | undefined, min: number, max: number): number {
  if (value === undefined || value === null) {
    if (fallback === undefined) throw badRequest(`"${name}" is required.`);
    return fallback;
  }
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw badRequest(`"${name}" must be a whole number from ${min} to ${max}.`);
  }
  return value as number;
}

/** A list of message ids (positive integers), at most `max` of them. */
export function idList(value: unknown, name = 'ids', max = 1_000_000): number[] {
  if (!Array.isArray(value)) throw badRequest(`"${name}" must be a list of message ids.`);
  if (value.length > max) throw badRequest(`"${name}" may hold at most ${max} ids.`);
  for (const id of value) {
    if (!Number.isSafeInteger(id) || (id as number) < 1) throw badRequest(`"${name}" must hold positive whole numbers only.`);
  }
  return [...new Set(value as number[])];
}

/** A string field; `fallback` when absent. */
export function stringOption(value: unknown, name: string, fallback: string, maxLength = 10_000): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw badRequest(`"${name}" must be text.`);
  if (value.length > maxLength) throw badRequest(`"${name}" is too long (at most ${maxLength} characters).`);
  return value;
}
