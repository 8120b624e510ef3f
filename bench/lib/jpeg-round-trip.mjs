// The pixels a lossy strip encoding leaves, for accuracy figures: an image encoded by Skia (the
// encoder STRIP_IMAGE_FORMAT=jpeg|webp uses, docs/rendering.md "Strip image encoding") and decoded
// again, handed back as a PNG so the reader sees exactly the lossy pixels.
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** `png` through `format` at `quality` and back to PNG. */
export async function lossyRoundTrip(png, format = 'jpeg', quality = 95) {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  const lossy = await canvas.encode(format, quality);
  const back = await loadImage(lossy);
  const out = createCanvas(image.width, image.height);
  out.getContext('2d').drawImage(back, 0, 0);
  return out.encode('png');
}
