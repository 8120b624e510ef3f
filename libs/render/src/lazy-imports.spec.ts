// What the worker's main thread does not need for a job stays unloaded (docs/rendering.md,
// "Memory"): pdf-lib until an IMAGE block's vector crop, PDFium's WebAssembly glue unless a
// renderer runs without render threads.
import { jest } from '@jest/globals';

const loaded = new Set<string>();
const track = (name: string) => () => {
  loaded.add(name);
  return jest.requireActual<Record<string, unknown>>(name);
};
jest.unstable_mockModule('pdf-lib', track('pdf-lib'));
jest.unstable_mockModule('@embedpdf/pdfium', track('@embedpdf/pdfium'));

describe('imports of @remote-ocr/render', () => {
  it('leave pdf-lib and the PDFium glue unloaded until they are used', async () => {
    const render = await import('./index.js');
    render.createRenderer({ renderer: 'pdfium', threads: 2 });
    expect([...loaded]).toEqual([]);
  });
});
