import { GlobalFonts } from '@napi-rs/canvas';
import { createRequire } from 'node:module';

/** Family name the separator text is drawn with (our alias, so no system font can stand in). */
const STRIP_FONT_FAMILY = 'RemoteOcrStripMarker';

let registered = false;

/**
 * Registers DejaVu Sans Bold from the `dejavu-fonts-ttf` npm package, once per process. The font
 * ships with the package, so separators render the same on any host, with or without system fonts.
 */
export function ensureStripFont(): string {
  if (registered) return STRIP_FONT_FAMILY;
  const require = createRequire(import.meta.url);
  const path = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');
  if (!GlobalFonts.registerFromPath(path, STRIP_FONT_FAMILY)) {
    throw new Error(`Cannot register the strip separator font from ${path}`);
  }
  registered = true;
  return STRIP_FONT_FAMILY;
}
