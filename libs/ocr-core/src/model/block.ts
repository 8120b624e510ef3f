/** Block kinds of docs/contract.md §3; unknown kinds in input are treated as `text`. */
export type BlockType = 'text' | 'table' | 'image';
export type ShapeType = 'rectangle' | 'polygon';
export type Box = [number, number, number, number];

/**
 * One annotated region of a page (docs/contract.md §3). Fields we do not know are preserved in `extra`-free
 * form: the object keeps every input property, so `annotation.json` writes them back unchanged.
 */
export interface Block {
  id: string;
  page_index: number;
  coords_px: Box;
  coords_norm: Box;
  block_type: BlockType;
  shape_type: ShapeType;
  polygon_points?: Array<[number, number]>;
  hint?: string | null;
  prompt?: { system?: string; user?: string } | null;
  ocr_text?: string | null;
  pdfplumber_text?: string | null;
  [extra: string]: unknown;
}

export interface DocumentPage {
  page_number: number;
  width: number;
  height: number;
  blocks: Block[];
}

/** The desktop client's Document (`annotation_json`, output `annotation.json`). */
export interface OcrDocument {
  pdf_path: string;
  pages: DocumentPage[];
  [extra: string]: unknown;
}
