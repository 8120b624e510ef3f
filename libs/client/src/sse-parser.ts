/** One server-sent event. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Reads `text/event-stream` (the WHATWG wire format: `field: value` lines, blank line ends an
 * event, `:` comments). Hand-written because `EventSource` cannot send `X-API-Key` and Node has no
 * `EventSource`; the format is ~30 lines to parse and keeps the client free of runtime deps.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: SseMessage = { id: undefined, event: 'message', data: '' };
  let hasData = false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      // A trailing CR may be the first half of a CRLF cut by the chunking: keep it for later.
      const cut = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, cut).split(/\r\n|\r|\n/);
      buffer = (lines.pop() ?? '') + buffer.slice(cut);
      for (const line of lines) {
        if (line === '') {
          if (hasData) yield { ...pending, data: pending.data.replace(/\n$/, '') };
          pending = { id: pending.id, event: 'message', data: '' };
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          pending.data += `${value}\n`;
          hasData = true;
        } else if (field === 'event') pending.event = value;
        else if (field === 'id') pending.id = value;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
