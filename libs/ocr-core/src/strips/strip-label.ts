import { createCanvas } from '@napi-rs/canvas';
import type { StripLayout } from './strip.types.js';

/** Horizontal room around the separator text, so a narrow strip still shows the whole marker. */
export const LABEL_PADDING = 16;

/** Text printed on the separator bar before a block. */
export const separatorLabel = (marker: string): string => `BLOCK: ${marker}`;

/** The drawn part of a separator bar: `BLOCK: <marker>` in white on black, RGBA. */
export interface LabelImage {
  rgba: Uint8ClampedArray;
  width: number;
}

/**
 * Draws the label of a separator bar at its own width (at most `stripWidth`); the rest of the bar
 * is black. Drawing and reading back the whole bar was a large part of the strip stage's
 * main-thread time (docs/rendering.md, "Where the time goes").
 */
export function drawLabel(
  marker: string,
  stripWidth: number,
  layout: StripLayout,
  family: string,
): LabelImage {
  const { separatorHeight, fontSize } = layout;
  const font = `${fontSize}px ${family}`;
  const label = separatorLabel(marker);
  const drawn = Math.min(stripWidth, Math.ceil(measure(font, label)) + 2 * LABEL_PADDING);
  const canvas = createCanvas(drawn, separatorHeight);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, drawn, separatorHeight);
  ctx.fillStyle = '#ffffff';
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(label, LABEL_PADDING, separatorHeight / 2);
  return { rgba: ctx.getImageData(0, 0, drawn, separatorHeight).data, width: drawn };
}

/** One small canvas for measuring label widths, made on first use. */
let probe: ReturnType<ReturnType<typeof createCanvas>['getContext']> | undefined;

export function measure(font: string, text: string): number {
  probe ??= createCanvas(1, 1).getContext('2d');
  probe.font = font;
  return probe.measureText(text).width;
}
