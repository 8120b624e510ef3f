/**
 * The token model of estimates and budget checks (docs/costs.md). Vision models of the Qwen-VL
 * family read an image as 28 × 28 px patches, one token each; text costs about one token per four
 * bytes of UTF-8 (Cyrillic letters are two bytes, so about two letters a token). The answer's
 * length cannot be known before the call: it is guessed as a share of the image tokens.
 */
const PATCH_PX = 28;
const BYTES_PER_TOKEN = 4;
/** Answer tokens per image token, a coarse guess for drawings and specifications. */
const COMPLETION_PER_IMAGE_TOKEN = 0.1;

export const imageTokens = (width: number, height: number): number =>
  Math.ceil(width / PATCH_PX) * Math.ceil(height / PATCH_PX);

export const textTokens = (text: string): number =>
  Math.ceil(new TextEncoder().encode(text).length / BYTES_PER_TOKEN);

/** Estimated tokens of one call: the image, the prompt, and the guessed answer. */
export interface CallTokens {
  inputTokens: number;
  outputTokens: number;
}

export function estimateCallTokens(
  image: { width: number; height: number },
  prompt: string,
): CallTokens {
  const pixels = imageTokens(image.width, image.height);
  return {
    inputTokens: pixels + textTokens(prompt),
    outputTokens: Math.ceil(pixels * COMPLETION_PER_IMAGE_TOKEN),
  };
}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are no PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  if (png.length < 24 || png[0] !== 0x89 || png[1] !== 0x50) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
