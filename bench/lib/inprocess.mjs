// The ocr-core pipeline in this process with in-memory ports and an instant counting engine: the
// same crops and strips a worker makes, without queue, database, storage or engine latency.
// Used for the render floor of the end-to-end bound and for counting strip calls and pixels.
import { runPipeline } from '@remote-ocr/ocr-core';
import { createRenderer } from '@remote-ocr/render';

/** Width and height from a PNG's IHDR chunk (bytes 16..23). */
export function pngSize(png) {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** An engine answering at once in the numbered strip format, counting calls and pixels sent. */
export class CountingEngine {
  name = 'counting';
  calls = { strip: 0, image: 0 };
  pixels = { strip: 0, image: 0 };
  /** Pixels of the crops on strips, as they would be sent one call per block. */
  cropPixels = 0;
  cropsOnStrips = 0;
  blocksPerStrip = [];

  async recognize(request) {
    const { width, height } = pngSize(request.image);
    this.calls[request.kind] += 1;
    this.pixels[request.kind] += width * height;
    if (request.kind === 'strip') {
      this.blocksPerStrip.push(request.blocks.length);
      for (const b of request.blocks) {
        const crop = pngSize(b.crop);
        this.cropPixels += crop.width * crop.height;
        this.cropsOnStrips += 1;
      }
    }
    await new Promise((r) => setImmediate(r));
    if (request.kind === 'image') return { text: '{"summary": "figure"}', engine: this.name };
    const text = request.blocks.map((b) => `[${b.index}] text of block ${b.index}`).join('\n');
    return { text, engine: this.name };
  }

  get total() {
    return this.calls.strip + this.calls.image;
  }
}

/**
 * Runs one job through `runPipeline` in this process. `threads` render threads (the worker's
 * RENDER_THREADS); `concurrency` engine calls in flight. Returns the summary, the engine and the
 * wall time in seconds.
 */
export async function runInProcess({
  pdf,
  blocks,
  threads,
  concurrency = 8,
  stripMaxHeight,
  renderer: name = 'pdfium',
}) {
  const engine = new CountingEngine();
  const renderer = createRenderer({ renderer: name, threads });
  const started = performance.now();
  try {
    const summary = await runPipeline({
      engine,
      renderer,
      source: { fetchPdf: async () => pdf, fetchBlocks: async () => blocks },
      sink: { put: async () => undefined },
      checkpoints: { list: async () => [], save: async () => undefined },
      progress: { report: () => undefined },
      documentName: 'bench.pdf',
      settings: { concurrency, stripMaxHeight },
    });
    return { summary, engine, seconds: (performance.now() - started) / 1000 };
  } finally {
    await renderer.close?.();
  }
}
