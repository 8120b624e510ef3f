import type { ObjectStore } from '../ports/object-store.js';

/** Reads a small object (a blocks file, a JSON document) whole, as UTF-8 text. */
export async function readObjectText(objects: ObjectStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await objects.getStream(key)) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  }
  return Buffer.concat(chunks).toString('utf8');
}
