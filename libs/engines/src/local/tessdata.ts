import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Where Tesseract language data comes from. */
export interface TessdataOptions {
  /** Tesseract language codes, e.g. `['eng', 'rus']`. Default `['eng']`. */
  languages?: string[];
  /**
   * Directories searched first for `<lang>.traineddata` (or `.traineddata.gz`), e.g. Debian's
   * `/usr/share/tesseract-ocr/5/tessdata` after `apt-get install tesseract-ocr-rus`.
   */
  extraLangDirs?: string[];
  /** Where the uncompressed files tesseract.js reads are assembled. Default `<tmpdir>/remote-ocr-tessdata`. */
  cacheDir?: string;
}

const require = createRequire(import.meta.url);

/** Finds one language file: extra directories first, then the `@tesseract.js-data/<lang>` npm package. */
export function findLanguageFile(lang: string, extraLangDirs: readonly string[] = []): string {
  const candidates = extraLangDirs.flatMap((d) => [
    join(d, `${lang}.traineddata`),
    join(d, `${lang}.traineddata.gz`),
  ]);
  try {
    const pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
    // best_int: the LSTM "best" model quantised — what tesseract.js uses in LSTM-only mode
    candidates.push(
      join(pkg, '4.0.0_best_int', `${lang}.traineddata.gz`),
      join(pkg, '4.0.0', `${lang}.traineddata.gz`),
    );
  } catch {
    // no npm package for this language: only the extra directories can provide it
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error(
      `Tesseract language '${lang}' not found; looked in: ${candidates.join(', ') || '(no directories)'}. ` +
        `Install @tesseract.js-data/${lang} or put ${lang}.traineddata in an extra language directory.`,
    );
  }
  return found;
}

/**
 * Assembles one directory of uncompressed `<lang>.traineddata` files for tesseract.js (which takes a
 * single `langPath` and a single gzip flag for all languages) and returns its path. The directory
 * name hashes the sources, so a changed file gives a new directory; files are written atomically,
 * so processes starting together do not read half-written data. Nothing is downloaded.
 */
export async function prepareTessdata(options: TessdataOptions = {}): Promise<string> {
  const languages = options.languages ?? ['eng'];
  const sources = languages.map((lang) => ({
    lang,
    file: findLanguageFile(lang, options.extraLangDirs),
  }));
  const hash = createHash('sha1');
  for (const s of sources) {
    const st = statSync(s.file);
    hash.update(`${s.lang}\0${s.file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  const dir = join(
    options.cacheDir ?? join(tmpdir(), 'remote-ocr-tessdata'),
    hash.digest('hex').slice(0, 16),
  );
  await mkdir(dir, { recursive: true });
  for (const { lang, file } of sources) {
    const target = join(dir, `${lang}.traineddata`);
    if (existsSync(target)) continue;
    const raw = await readFile(file);
    const data = file.endsWith('.gz') ? gunzipSync(raw) : raw;
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, target);
  }
  return dir;
}
