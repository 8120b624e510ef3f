// A fallback font for CJK text in PDFs that do not embed their font (fixture 13: 90ms-RKSJ-H
// with HeiseiMin). For such fonts pdf.js draws with ctx.fillText in a family named after the
// PDF's font ("HeiseiMin") with a generic fallback; Node has no CJK system font, so the text came
// out as empty boxes. We register Noto Sans JP (OFL, shipped by the npm package
// @expo-google-fonts/noto-sans-jp; covers kana and the CJK ideographs) once per thread under the
// family names pdf.js uses for the standard CJK fonts. Hangul is not covered.
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

const FAMILY = 'Noto Sans JP';
const FONT_FILE = '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf';

/** Families pdf.js asks for with the predefined CJK fonts (PDF 1.7 §9.7.5.2 and Acrobat's). */
export const CJK_FAMILIES = [
  'HeiseiMin',
  'HeiseiKakuGo',
  'KozMinPro',
  'KozMinProVI',
  'KozMinPr6N',
  'KozGoPro',
  'KozGoProVI',
  'KozGoPr6N',
  'Ryumin',
  'GothicBBB',
  'MS-Mincho',
  'MS-Gothic',
  'MS-PMincho',
  'MS-PGothic',
  'MSMincho',
  'MSGothic',
  'STSong',
  'STHeiti',
  'STSongStd',
  'AdobeSongStd',
  'AdobeHeitiStd',
  'AdobeMingStd',
  'MSung',
  'MHei',
  'SimSun',
  'SimHei',
];

let registered: boolean | undefined;
let fontKey: ReturnType<typeof GlobalFonts.registerFromPath> = null;

/** Registers the CJK fallback font in this thread (once); false when the font is missing. */
export function registerCjkFont(): boolean {
  if (registered !== undefined) return registered;
  registered = false;
  try {
    const path = createRequire(import.meta.url).resolve(FONT_FILE);
    fontKey = GlobalFonts.registerFromPath(path, FAMILY);
    if (!fontKey) return false;
    for (const alias of CJK_FAMILIES) GlobalFonts.setAlias(FAMILY, alias);
    registered = true;
  } catch {
    // Package not installed: CJK text without an embedded font renders as boxes, as before.
  }
  return registered;
}

/** Removes the font again (tests compare against rendering without it). */
export function unregisterCjkFont(): void {
  if (fontKey) GlobalFonts.remove(fontKey);
  fontKey = null;
  registered = undefined;
}
