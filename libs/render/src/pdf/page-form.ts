// The form XObject a vector crop draws (docs/contract.md §5): the source page's content as a form
// clipped to the block's region. pdf-lib's `embedPage` builds it by copying the whole page
// (annotations and the original content streams included, written to the crop unreferenced),
// inflating the content and deflating it again for every crop. pdf-lib has no call that makes a
// form from a stream's encoded bytes, so this file assembles the form's dictionary itself from
// pdf-lib objects: the page's single content stream goes in as it is encoded in the file, with
// its /Filter and /DecodeParms; several streams are decoded and joined once per page.
import { deflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFContentStream,
  PDFName,
  PDFObjectCopier,
  PDFRawStream,
  decodePDFRawStream,
  type PDFDict,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
  type PDFPageLeaf,
  type PDFRef,
} from 'pdf-lib';

/** A block's region of the page, in the page's user space (pdf-lib's `PageBoundingBox`). */
export interface FormBox {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

/** A page's content as one encoded stream: its bytes and the entries that say how to decode them. */
interface PageContent {
  bytes: Uint8Array;
  filter?: PDFObject;
  decodeParms?: PDFObject;
}

/** The filters pdf-lib can decode (`decodePDFRawStream`); a content stream with another is left to `embedPage`. */
const DECODABLE = new Set(
  ['FlateDecode', 'LZWDecode', 'ASCII85Decode', 'ASCIIHexDecode', 'RunLengthDecode'].map((n) =>
    PDFName.of(n),
  ),
);

/**
 * Joined content of pages with several content streams, deflated once and reused by every block
 * of the page; held as long as the parsed source document.
 */
const joinedContents = new WeakMap<PDFPageLeaf, PageContent | null>();

/**
 * Registers in `out` a form XObject showing `box` of `page` (a page of another document), the way
 * `embedPage` would, from the page's encoded content. Undefined when that cannot be done safely
 * (encrypted source, no content, a filter pdf-lib cannot decode, an external stream): the caller
 * falls back to `embedPage`.
 */
export function contentForm(
  out: PDFDocument,
  source: PDFDocument,
  page: PDFPage,
  box: FormBox,
): PDFRef | undefined {
  // Encrypted streams are ciphered with their object number: their bytes cannot move.
  if (source.isEncrypted) return undefined;
  const content = pageContent(page.node);
  if (!content) return undefined;
  const copier = PDFObjectCopier.for(page.node.context, out.context);
  const { left, bottom, right, top } = box;
  const dict = out.context.obj({
    Type: 'XObject',
    Subtype: 'Form',
    FormType: 1,
    BBox: [left, bottom, right, top],
    Matrix: [1, 0, 0, 1, -left, -bottom],
  });
  const resources = page.node.Resources();
  dict.set(PDFName.of('Resources'), resources ? copier.copy(resources) : out.context.obj({}));
  if (content.filter) dict.set(PDFName.of('Filter'), copier.copy(content.filter));
  if (content.decodeParms) dict.set(PDFName.of('DecodeParms'), copier.copy(content.decodeParms));
  return out.context.register(PDFRawStream.of(dict, content.bytes));
}

/** The page's content as one encoded stream: the stream itself when there is one, else joined. */
function pageContent(leaf: PDFPageLeaf): PageContent | undefined {
  const contents = leaf.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : [contents];
  if (streams.length === 1) {
    const stream = leaf.context.lookup(streams[0]);
    return stream instanceof PDFRawStream && decodable(stream.dict) ? encoded(stream) : undefined;
  }
  if (!joinedContents.has(leaf)) joinedContents.set(leaf, joined(leaf, streams) ?? null);
  return joinedContents.get(leaf) ?? undefined;
}

function encoded(stream: PDFRawStream): PageContent {
  return {
    bytes: stream.contents,
    filter: stream.dict.get(PDFName.of('Filter')),
    decodeParms: stream.dict.get(PDFName.of('DecodeParms')),
  };
}

/** Decodes each stream and joins them with newlines (as `embedPage` does), deflated. */
function joined(
  leaf: PDFPageLeaf,
  refs: ReadonlyArray<PDFObject | undefined>,
): PageContent | undefined {
  const parts: Uint8Array[] = [];
  for (const ref of refs) {
    const stream = leaf.context.lookup(ref);
    if (stream instanceof PDFRawStream && decodable(stream.dict)) {
      parts.push(decodePDFRawStream(stream).decode());
    } else if (stream instanceof PDFContentStream) {
      parts.push(stream.getUnencodedContents());
    } else {
      return undefined;
    }
    parts.push(NEWLINE);
  }
  return { bytes: deflateSync(Buffer.concat(parts)), filter: PDFName.of('FlateDecode') };
}

const NEWLINE = Uint8Array.of(0x0a);

/** Every filter one pdf-lib decodes, and the data in the file itself (no /F external file). */
function decodable(dict: PDFDict): boolean {
  if (dict.has(PDFName.of('F'))) return false;
  const filter = dict.lookup(PDFName.of('Filter'));
  if (filter === undefined) return true;
  const names =
    filter instanceof PDFArray ? filter.asArray().map((f) => dict.context.lookup(f)) : [filter];
  return names.every((name) => name instanceof PDFName && DECODABLE.has(name));
}
