import { useEffect, useRef } from 'react';

/** The block's region of the drawn page, copied from its canvas (the crop beside the text). */
export function BlockCrop(props: {
  page: HTMLCanvasElement;
  norm: readonly number[];
  maxWidth: number;
}) {
  const out = useRef<HTMLCanvasElement>(null);
  const { page, norm, maxWidth } = props;
  useEffect(() => {
    const [x1, y1, x2, y2] = norm;
    const sx = x1 * page.width;
    const sy = y1 * page.height;
    const sw = Math.max(1, (x2 - x1) * page.width);
    const sh = Math.max(1, (y2 - y1) * page.height);
    const scale = Math.min(1, maxWidth / sw);
    const el = out.current!;
    el.width = Math.round(sw * scale);
    el.height = Math.round(sh * scale);
    el.getContext('2d')?.drawImage(page, sx, sy, sw, sh, 0, 0, el.width, el.height);
  }, [page, norm, maxWidth]);
  return <canvas ref={out} className="crop" />;
}
