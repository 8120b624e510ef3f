/**
 * Parses an HTTP `Retry-After` value — delay-seconds or an HTTP date (RFC 9110 §10.2.3) — into
 * milliseconds from `now`. Returns undefined when absent or unparseable; a past date gives 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
