// The strip codec for a STRIP_IMAGE_FORMAT (docs/rendering.md "Strip image encoding").
import type { StripImageCodec } from '@remote-ocr/ocr-core';
import { PngStripCodec } from '../png/png-strip-codec.js';
import { SkiaStripCodec } from './skia-strip-codec.js';

export type StripImageFormat = 'png' | 'webp' | 'jpeg';

/** The default: PNG, chosen by bench/strip-encoding.mjs (docs/rendering.md). */
const DEFAULT_STRIP_IMAGE_FORMAT: StripImageFormat = 'png';

export function stripCodecFor(
  format: StripImageFormat = DEFAULT_STRIP_IMAGE_FORMAT,
  pngLevel = 3,
): StripImageCodec {
  if (format === 'png') return new PngStripCodec(pngLevel);
  if (format === 'webp' || format === 'jpeg') return new SkiaStripCodec(format);
  throw new RangeError(`Unknown strip image format: ${String(format)}`);
}
