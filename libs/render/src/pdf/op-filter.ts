// Rendering only what a crop can show. pdf.js replays a page's whole operator list for every
// clip (fixture 01: 38k paths, ~1 s a block whatever its size) — Skia clips the pixels, but the
// JS and native call cost of each operation stays. `render({ operationsFilter })` can skip
// operations; deciding which ones needs their extent on the page.
//
// Why our own boxes rather than pdf.js's `recordOperations`: its dependency tracker makes every
// drawing depend on all `cm` operators since the last `q`, so a drawing made of 38k `cm`+path
// pairs without `q`/`Q` (fixture 01) took 144 s to record. Here one linear pass over the
// operator list follows the CTM and gives a box only to self-contained drawing operations:
// filled/stroked paths (pdf.js hands their user-space bounds with the path) and images (the unit
// square). Every other operation — state, text, clips, shadings, groups, annotations — always
// runs, so skipping can only drop ink that lies outside the crop.
import type { PixelRect } from '@remote-ocr/ocr-core/geometry';

/** Operation filter as `PDFPageProxy.render` calls it: with the (growing) operator list. */
export type OperationsFilter = (
  index: number,
  operatorList: { fnArray: number[]; argsArray: unknown[] },
) => boolean;

/** pdf.js's OPS table (passed in so this module needs no pdf.js import). */
export type OpCodes = Record<string, number>;

type Matrix = [number, number, number, number, number, number];

interface GraphicsState {
  ctm: Matrix;
  lineWidth: number;
  miterLimit: number;
}

/** Device pixels added around every box: anti-aliasing and pdf.js's 1-px minimum line width. */
const SLACK_PX = 2;

/**
 * Boxes of one page's operations in displayed-page points (scale 1, rotation applied), NaN for
 * operations that must always run. Filled lazily from the operator list a render is replaying —
 * the same cached list for every block of the page, so no second parse — as far as it asked.
 */
export class OperationBoxes {
  private boxes = new Float64Array(0);
  private done = 0;
  private list?: object;
  private readonly pageTransform: readonly number[];
  private state!: GraphicsState;
  private readonly stack: GraphicsState[] = [];
  private readonly ops: OpCodes;
  private opaque = 0; // depth inside groups/annotations, where everything runs
  private clipPending = false;

  /** `pageTransform`: the page's viewport transform at scale 1. */
  constructor(ops: OpCodes, pageTransform: readonly number[]) {
    this.ops = ops;
    this.pageTransform = pageTransform;
    this.reset();
  }

  /**
   * A filter keeping the operations whose box meets `rect` (pixels of the displayed page at
   * `scale` × 72 DPI), and every operation without a box.
   */
  filter(scale: number, rect: PixelRect): OperationsFilter {
    const x0 = (rect.x - SLACK_PX) / scale;
    const y0 = (rect.y - SLACK_PX) / scale;
    const x1 = (rect.x + rect.width + SLACK_PX) / scale;
    const y1 = (rect.y + rect.height + SLACK_PX) / scale;
    return (i, list) => {
      // A new list (the page was cleaned up and parsed again): start over.
      if (list !== this.list) this.reset(list);
      if (i >= this.done) this.advance(list, i + 1);
      const o = i * 4;
      const minX = this.boxes[o];
      // NaN compares false: operations without a box pass.
      return !(
        minX > x1 ||
        this.boxes[o + 2] < x0 ||
        this.boxes[o + 1] > y1 ||
        this.boxes[o + 3] < y0
      );
    };
  }

  private reset(list?: object): void {
    this.list = list;
    this.done = 0;
    this.boxes = new Float64Array(0);
    this.stack.length = 0;
    this.opaque = 0;
    this.clipPending = false;
    this.state = { ctm: [...this.pageTransform] as Matrix, lineWidth: 1, miterLimit: 10 };
  }

  /**
   * Linear scale (page points per unit of user space) of the CTM at operation `i`, for sizing
   * images; call after the filter saw `i`.
   */
  scaleAt(i: number): number {
    const o = i * 4;
    return Math.sqrt(
      Math.abs((this.boxes[o + 2] - this.boxes[o]) * (this.boxes[o + 3] - this.boxes[o + 1])),
    );
  }

  /** Follows the graphics state through operations [done, end). */
  private advance(list: { fnArray: number[]; argsArray: unknown[] }, end: number): void {
    if (end * 4 > this.boxes.length) {
      const grown = new Float64Array(Math.max(end, list.fnArray.length, this.done * 2) * 4);
      grown.fill(NaN);
      grown.set(this.boxes);
      this.boxes = grown;
    }
    for (let i = this.done; i < end; i++) {
      this.step(i, list.fnArray[i], list.argsArray[i] as unknown[] | null);
    }
    this.done = end;
  }

  // eslint-disable-next-line max-lines-per-function -- the operator switch of the op-list walk; a call per operator would cost on the hot path
  private step(i: number, fn: number, args: unknown[] | null): void {
    const OPS = this.ops;
    const state = this.state;
    const clipPending = this.clipPending;
    this.clipPending = false;
    switch (fn) {
      case OPS.save:
      case OPS.paintFormXObjectBegin:
        this.stack.push(state);
        this.state = { ...state };
        if (fn === OPS.paintFormXObjectBegin && Array.isArray(args?.[0])) {
          this.state.ctm = multiply(state.ctm, args[0] as Matrix);
        }
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        this.state = this.stack.pop() ?? state;
        break;
      case OPS.transform:
        state.ctm = multiply(state.ctm, args as Matrix);
        break;
      case OPS.beginGroup:
      case OPS.beginAnnotation:
        this.opaque++;
        break;
      case OPS.endGroup:
      case OPS.endAnnotation:
        this.opaque = Math.max(0, this.opaque - 1);
        break;
      case OPS.setLineWidth:
        state.lineWidth = Math.max(state.lineWidth, Number(args?.[0]) || 0);
        break;
      case OPS.setMiterLimit:
        state.miterLimit = Math.max(state.miterLimit, Number(args?.[0]) || 0);
        break;
      case OPS.setGState:
        for (const [key, value] of (args?.[0] as Array<[string, unknown]> | undefined) ?? []) {
          if (key === 'LW') state.lineWidth = Math.max(state.lineWidth, Number(value) || 0);
        }
        break;
      case OPS.clip:
      case OPS.eoClip:
        this.clipPending = true;
        break;
      case OPS.constructPath: {
        // [paint op, path data, [minX, minY, maxX, maxY]]; a bare `n` or a clip path must run.
        const minMax = args?.[2] as ArrayLike<number> | null | undefined;
        if (!this.opaque && !clipPending && minMax && args?.[0] !== OPS.endPath) {
          const grow = (state.lineWidth / 2) * Math.max(1, state.miterLimit);
          this.setBox(i, minMax[0] - grow, minMax[1] - grow, minMax[2] + grow, minMax[3] + grow);
        }
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintSolidColorImageMask:
        if (!this.opaque) this.setBox(i, 0, 0, 1, 1);
        break;
    }
  }

  /** Stores the axis-aligned box of a user-space rectangle mapped through the CTM. */
  private setBox(i: number, x0: number, y0: number, x1: number, y1: number): void {
    const m = this.state.ctm;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of [
      [x0, y0],
      [x1, y0],
      [x0, y1],
      [x1, y1],
    ]) {
      const dx = m[0] * x + m[2] * y + m[4];
      const dy = m[1] * x + m[3] * y + m[5];
      minX = Math.min(minX, dx);
      minY = Math.min(minY, dy);
      maxX = Math.max(maxX, dx);
      maxY = Math.max(maxY, dy);
    }
    const o = i * 4;
    this.boxes[o] = minX;
    this.boxes[o + 1] = minY;
    this.boxes[o + 2] = maxX;
    this.boxes[o + 3] = maxY;
  }
}

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}
