import { isJobEventName, type JobEvent } from '@remote-ocr/contracts';

/** One entry as ioredis returns it from XRANGE / XREAD: `[id, [field, value, …]]`. */
export type StreamEntry = [string, string[]];

/** Decodes a stream entry into an event; null for an entry that is not one of ours. */
export function decodeEntry([id, fields]: StreamEntry): JobEvent | null {
  const at = fields.indexOf('e');
  if (at < 0 || at + 1 >= fields.length) return null;
  try {
    const parsed = JSON.parse(fields[at + 1]) as { name?: unknown; data?: unknown };
    if (!isJobEventName(parsed.name) || typeof parsed.data !== 'object' || !parsed.data)
      return null;
    return { id, name: parsed.name, data: parsed.data } as JobEvent;
  } catch {
    return null;
  }
}
