import { buildAnnotationJson, serializeAnnotation } from './annotation-json.js';

describe('annotation.json', () => {
  it('is indented JSON with non-ASCII kept and a trailing newline', () => {
    const text = serializeAnnotation({ pdf_path: 'Спецификации.pdf', pages: [] });
    expect(text).toBe('{\n  "pdf_path": "Спецификации.pdf",\n  "pages": []\n}\n');
  });

  it('serialises the Document built from blocks and outcomes', () => {
    const block = {
      id: 'a',
      page_index: 0,
      coords_px: [0, 0, 1, 1] as [number, number, number, number],
      coords_norm: [0, 0, 0.5, 0.5] as [number, number, number, number],
      block_type: 'text' as const,
      shape_type: 'rectangle' as const,
    };
    const text = buildAnnotationJson({
      blocks: [block],
      outcomes: [{ blockId: 'a', status: 'done', text: 'Т' }],
      pageSizes: [{ width: 2480, height: 3508 }],
    });
    expect(JSON.parse(text)).toEqual({
      pdf_path: 'document.pdf',
      pages: [
        {
          page_number: 0,
          width: 2480,
          height: 3508,
          blocks: [
            {
              ...block,
              ocr_text: 'Т',
              ocr_status: 'done',
              ocr_error: null,
              ocr_engine: null,
              ocr_model: null,
              ocr_confidence: null,
              ocr_flags: [],
              ocr_read_method: null,
              ocr_source: null,
            },
          ],
        },
      ],
    });
  });
});
