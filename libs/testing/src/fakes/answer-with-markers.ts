/**
 * Answers a strip prompt the way a good vision model does: one `BLOCK: <marker>` line per marker the
 * prompt lists, each followed by a text naming the block, so ocr-core's parser can split it back.
 * Markers are read from the prompt as `BLOCK: XXXX-XXXX-XXX` codes or `[[[BLOCK_ID: uuid]]]` ids;
 * `textFor` chooses the text of each block (default `text of <marker>`).
 */
export function answerWithMarkers(
  prompt: string,
  textFor: (marker: string, index: number) => string = (m) => `text of ${m}`,
): string {
  return markersInPrompt(prompt)
    .map((marker, i) => `BLOCK: ${marker}\n${textFor(marker, i)}`)
    .join('\n\n');
}

const MARKER_PATTERNS = [
  /BLOCK:\s*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3})/g,
  /\[\[\[BLOCK_ID:\s*([0-9a-fA-F-]{36})\]\]\]/g,
];

/** Distinct block markers listed in a prompt, in order of first appearance. */
export function markersInPrompt(prompt: string): string[] {
  const found: Array<{ at: number; marker: string }> = [];
  for (const pattern of MARKER_PATTERNS) {
    for (const m of prompt.matchAll(pattern)) found.push({ at: m.index, marker: m[1] });
  }
  found.sort((a, b) => a.at - b.at);
  // Prompts show the marker format itself as `BLOCK: XXXX-XXXX-XXX`; that is no block.
  return [...new Set(found.map((f) => f.marker))].filter((m) => m !== 'XXXX-XXXX-XXX');
}
