/** A word of a block with its box in crop pixels (x right, y down), from the text layer or OCR. */
export interface WordBox {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * A straight ruling line in crop pixels. Horizontal: `pos` is its y and `from`..`to` its x
 * extent; vertical: `pos` is its x and `from`..`to` its y extent. `thickness` in pixels.
 */
export interface RulingSegment {
  pos: number;
  from: number;
  to: number;
  thickness: number;
}

export interface RulingLines {
  horizontal: RulingSegment[];
  vertical: RulingSegment[];
}

/** A grey image, one byte per pixel (0 black … 255 white), row by row. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** One cell of a rebuilt table: top-left grid position, spans, and its text. */
export interface TableCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** A rebuilt table: `rows` × `cols` grid positions, the cells covering them (no overlaps). */
export interface TableGrid {
  rows: number;
  cols: number;
  cells: TableCell[];
  /** Where the row and column boundaries came from. */
  rowsFrom: 'rulings' | 'text';
  colsFrom: 'rulings' | 'text';
}
