// A crop kept as raw pixels between the renderer and its strip (no PNG encode and decode in
// between): 1 byte per pixel while every row so far is grey (most document crops), 3 (RGB) once
// a coloured row arrives — a third or three quarters of RGBA, which matters for A0-sized crops.
// Thread code: erasable TypeScript only.

/** Collects opaque RGBA rows (top to bottom) into packed grey or RGB pixels. */
export class PackedPixelWriter {
  private readonly width: number;
  private readonly height: number;
  private data: Uint8Array;
  private channels: 1 | 3 = 1;
  private rows = 0;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height);
  }

  /** Adds `rows` rows of RGBA pixels (`width * 4` bytes each). */
  addRows(rgba: Uint8Array, rows: number): void {
    if (this.rows + rows > this.height) throw new RangeError('more rows than the image height');
    const n = this.width * rows;
    if (this.channels === 1 && !isGrey(rgba, n)) this.toRgb();
    const at = this.rows * this.width * this.channels;
    if (this.channels === 1) {
      for (let p = 0; p < n; p++) this.data[at + p] = rgba[p * 4];
    } else {
      for (let p = 0, o = at; p < n; p++, o += 3) {
        this.data[o] = rgba[p * 4];
        this.data[o + 1] = rgba[p * 4 + 1];
        this.data[o + 2] = rgba[p * 4 + 2];
      }
    }
    this.rows += rows;
  }

  finish(): { pixels: Uint8Array; channels: 1 | 3 } {
    if (this.rows !== this.height) throw new RangeError(`got ${this.rows} rows of ${this.height}`);
    return { pixels: this.data, channels: this.channels };
  }

  private toRgb(): void {
    const grey = this.data;
    const rgb = new Uint8Array(this.width * this.height * 3);
    for (let p = 0; p < this.rows * this.width; p++) {
      rgb[p * 3] = grey[p];
      rgb[p * 3 + 1] = grey[p];
      rgb[p * 3 + 2] = grey[p];
    }
    this.data = rgb;
    this.channels = 3;
  }
}

function isGrey(rgba: Uint8Array, pixels: number): boolean {
  for (let p = 0; p < pixels * 4; p += 4) {
    if (rgba[p] !== rgba[p + 1] || rgba[p + 1] !== rgba[p + 2]) return false;
  }
  return true;
}

/** The rows of packed pixels, one view at a time (no copies). */
export async function* packedRows(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): AsyncGenerator<Uint8Array> {
  const stride = width * channels;
  for (let y = 0; y < height; y++) yield pixels.subarray(y * stride, (y + 1) * stride);
  await Promise.resolve();
}
