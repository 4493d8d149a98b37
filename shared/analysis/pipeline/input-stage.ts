/**
 * What was pasted, in a few facts: kind (headers, whole message, nothing
 * usable), size, line endings and the identity headers every later stage
 * and the summary line need.
 */
import { type HeaderBlock, fieldsNamed } from '../header-block';
import type { InputSummary } from '../../model/analysis';

function first(block: HeaderBlock, name: string): string | null {
  const f = fieldsNamed(block, name)[0];
  return f ? f.decoded.trim() : null;
}

/** The input summary. `raw` is the text as given (lines counted from it). */
export function summarizeInput(raw: string, block: HeaderBlock): InputSummary {
  const empty = raw.trim() === '';
  const kind: InputSummary['kind'] = empty ? 'empty' : block.fields.length === 0 ? 'not-headers' : block.hasBody ? 'message' : 'headers';
  const messageId = first(block, 'message-id');
  const returnPath = first(block, 'return-path');
  return {
    kind,
    chars: raw.length,
    lines: raw === '' ? 0 : raw.split(/\r\n|\n|\r/).length,
    headerCount: block.fields.length,
    hasBody: block.hasBody,
    lineEnding: block.lineEnding,
    from: first(block, 'from'),
    to: first(block, 'to'),
    subject: first(block, 'subject'),
    date: first(block, 'date'),
    messageId: messageId ? messageId.replace(/^<|>$/g, '') : null,
    returnPath: returnPath ? returnPath.replace(/^<|>$/g, '').trim() : null,
  };
}
