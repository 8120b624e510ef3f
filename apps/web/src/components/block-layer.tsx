import { useRef, useState, type PointerEvent } from 'react';
import { coordsToRect, MIN_DRAWN_SIDE, type ScreenRect, type WireBlock } from '../geometry.js';

export interface LayerBlock {
  block: WireBlock;
  /** CSS class giving its colour (type while drawing, status and confidence in the job view). */
  tone: string;
  label: string;
}

/**
 * The blocks of one page over its canvas: each is a button (Tab / Enter pick it), and with
 * `onDraw` a drag on the page draws a new rectangle, reported in screen pixels of the shown page.
 */
// eslint-disable-next-line max-lines-per-function -- pointer handlers and the markup of one overlay; split, they would share state through props
export function BlockLayer(props: {
  shown: { width: number; height: number };
  blocks: LayerBlock[];
  selected?: string | null;
  onSelect?: (id: string) => void;
  onDraw?: (rect: ScreenRect) => void;
}) {
  const origin = useRef<{ x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<ScreenRect | null>(null);
  const point = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const down = (e: PointerEvent<HTMLDivElement>) => {
    if (!props.onDraw || e.target !== e.currentTarget || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    origin.current = point(e);
    setDraft({ ...origin.current, width: 0, height: 0 });
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (!origin.current) return;
    const p = point(e);
    setDraft({
      x: origin.current.x,
      y: origin.current.y,
      width: p.x - origin.current.x,
      height: p.y - origin.current.y,
    });
  };
  const up = () => {
    const rect = draft;
    origin.current = null;
    setDraft(null);
    if (rect && Math.abs(rect.width) >= MIN_DRAWN_SIDE && Math.abs(rect.height) >= MIN_DRAWN_SIDE)
      props.onDraw?.(rect);
  };
  return (
    <div
      className={`block-layer${props.onDraw ? ' drawing' : ''}`}
      style={{ width: props.shown.width, height: props.shown.height }}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      data-testid="block-layer"
    >
      {props.blocks.map(({ block, tone, label }) => {
        const r = coordsToRect(block.coords_norm, props.shown);
        return (
          <button
            key={block.id}
            type="button"
            className={`block ${tone}${props.selected === block.id ? ' selected' : ''}`}
            style={{ left: r.x, top: r.y, width: r.width, height: r.height }}
            title={label}
            aria-label={label}
            aria-pressed={props.selected === block.id}
            data-block-id={block.id}
            onClick={() => props.onSelect?.(block.id)}
          />
        );
      })}
      {draft && (
        <div
          className="block draft"
          style={{
            left: Math.min(draft.x, draft.x + draft.width),
            top: Math.min(draft.y, draft.y + draft.height),
            width: Math.abs(draft.width),
            height: Math.abs(draft.height),
          }}
        />
      )}
    </div>
  );
}
