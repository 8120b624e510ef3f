/** How many `{` starts are tried before giving up: bounds the scan on hostile or huge answers. */
const MAX_STARTS = 200;

/**
 * The first JSON object in a model answer: a balanced-brace scan that respects JSON strings and
 * escapes, so it finds objects inside ```json fences or after prose, and skips `{` that open no
 * valid object. Arrays and scalars are not objects. Hand-written because no maintained package
 * does "first embedded JSON value in free text" without also repairing (i.e. changing) it.
 */
export function firstJsonObject(text: string): Record<string, unknown> | null {
  let from = 0;
  for (let tries = 0; tries < MAX_STARTS; tries++) {
    const start = text.indexOf('{', from);
    if (start < 0) return null;
    const end = balancedEnd(text, start);
    if (end > 0) {
      const value = tryParse(text.slice(start, end));
      if (value) return value;
    }
    from = start + 1;
  }
  return null;
}

/** Index just past the `}` closing the `{` at `start`, or -1 when it never closes. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function tryParse(candidate: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(candidate);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
