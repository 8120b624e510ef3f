import { createCanvas, loadImage } from '@napi-rs/canvas';

/** A solid-colour PNG of the given size (test crops). */
export async function solidPng(
  width: number,
  height: number,
  colour = '#808080',
): Promise<Uint8Array> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, width, height);
  return new Uint8Array(await canvas.encode('png'));
}

/** Decoded RGBA pixels of a PNG, with a pixel accessor. */
export async function decodePng(png: Uint8Array): Promise<{
  width: number;
  height: number;
  at: (x: number, y: number) => [number, number, number];
}> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const at = (x: number, y: number): [number, number, number] => {
    const i = (y * image.width + x) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  };
  return { width: image.width, height: image.height, at };
}
