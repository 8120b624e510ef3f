// Where a pipeline run's time goes (issue 15): wraps the renderer's session, its strip codec and
// the engine, and sums the milliseconds the pipeline spent waiting for crops (render), copying
// crop rows onto strips (strip), encoding strips (PNG: row filtering + waiting for deflate) and
// inside engine calls (engine). The pipeline overlaps these, so the parts do not add up to the
// wall time; the largest one is what bounds the run.
export class StageTimer {
  render = 0;
  strip = 0;
  png = 0;
  engine = 0;
  engineCalls = 0;

  /** `inner` (a PdfRenderer) with its session and strip codec timed. */
  renderer(inner) {
    return {
      stripImages: this.codec(inner.stripImages),
      open: async (pdfPath) => this.session(await inner.open(pdfPath)),
    };
  }

  engineOf(inner) {
    return {
      name: inner.name,
      maxStripHeight: inner.maxStripHeight,
      needsBlockCrops: inner.needsBlockCrops,
      recognize: async (request) => {
        const started = performance.now();
        try {
          return await inner.recognize(request);
        } finally {
          this.engine += performance.now() - started;
          this.engineCalls += 1;
        }
      },
    };
  }

  session(inner) {
    const addRender = (ms) => (this.render += ms);
    return {
      get pageCount() {
        return inner.pageCount;
      },
      async *crop(blocks, options, signal) {
        const it = inner.crop(blocks, options, signal)[Symbol.asyncIterator]();
        for (;;) {
          const started = performance.now();
          const next = await it.next();
          addRender(performance.now() - started);
          if (next.done) return;
          yield next.value;
        }
      },
      textLayers: (blocks) => inner.textLayers(blocks),
      vectorCrop: (block) => inner.vectorCrop(block),
      close: () => inner.close(),
    };
  }

  codec(inner) {
    return {
      mimeType: inner.mimeType,
      cropRows: async (crop, width, height) => {
        const rows = await inner.cropRows(crop, width, height);
        return {
          nextInto: async (out, offset) => {
            const started = performance.now();
            await rows.nextInto(out, offset);
            this.strip += performance.now() - started;
          },
          close: () => rows.close(),
        };
      },
      encoder: (width, height) => {
        const encoder = inner.encoder(width, height);
        return {
          addRows: (rgba, count) => {
            const started = performance.now();
            encoder.addRows(rgba, count);
            this.png += performance.now() - started;
          },
          // The grey path of grey strips (its bands are composed untimed: plain copies).
          addGreyRows: encoder.addGreyRows && ((...args) => this.timedGrey(encoder, args)),
          finish: async () => {
            const started = performance.now();
            try {
              return await encoder.finish();
            } finally {
              this.png += performance.now() - started;
            }
          },
        };
      },
    };
  }

  timedGrey(encoder, args) {
    const started = performance.now();
    encoder.addGreyRows(...args);
    this.png += performance.now() - started;
  }

  /** One line: each part in seconds and as a share of `wallSeconds`. */
  summary(wallSeconds, concurrency) {
    const part = (ms) =>
      `${(ms / 1000).toFixed(1)} s (${((ms / 1000 / wallSeconds) * 100).toFixed(0)} %)`;
    return (
      `time: render wait ${part(this.render)}, strip rows ${part(this.strip)}, ` +
      `PNG ${part(this.png)}, engine ${part(this.engine / concurrency)} ` +
      `(${this.engineCalls} calls / C=${concurrency})`
    );
  }
}
