import {
  UNKNOWN_ID,
  draftRequest,
  jobForm,
  postJob,
  rawMultipart,
  type BadInputCase,
  type CaseContext,
  withFirstBlock,
} from './bad-input-kit.js';
import { sha256 } from './pdf-samples.js';

const NOT_PDF = /File is not a PDF/;
const UNREADABLE = /not a readable PDF|Unreadable PDF|page tree is broken/;
const CONTROL = /must not contain control characters/;

const pdfCase = (
  name: string,
  pdf: (ctx: CaseContext) => Uint8Array,
  detail: RegExp,
): BadInputCase => ({ name, send: (ctx) => postJob(ctx, { pdf: pdf(ctx) }), status: 400, detail });

const fieldCase = (
  name: string,
  fields: Record<string, string | undefined>,
  detail: RegExp,
): BadInputCase => ({ name, send: (ctx) => postJob(ctx, { fields }), status: 400, detail });

/** The good blocks with the first one moved to `page`. */
const onPage = (page: number): string => JSON.stringify(withFirstBlock({ page_index: page }));

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** Uploads, form fields, content types and routes that must be refused (docs/contract.md §2, §3). */
export const BAD_UPLOAD_CASES: BadInputCase[] = [
  // the PDF itself
  pdfCase('pdf: plain text', () => bytes('hello, this is not a PDF\n'), NOT_PDF),
  pdfCase('pdf: PNG image', () => bytes('\x89PNG\r\n\x1a\n\0\0\0\rIHDR'), NOT_PDF),
  pdfCase('pdf: empty file', () => new Uint8Array(0), NOT_PDF),
  pdfCase('pdf: header only', () => bytes('%PDF-1.7\n'), UNREADABLE),
  pdfCase(
    'pdf: header then garbage',
    () => bytes(`%PDF-1.4\n${'\xff\x00garbage'.repeat(500)}`),
    UNREADABLE,
  ),
  pdfCase(
    'pdf: truncated to a third',
    (c) => c.samples.good.slice(0, Math.floor(c.samples.good.length / 3)),
    UNREADABLE,
  ),
  pdfCase(
    'pdf: truncated before %%EOF',
    (c) => c.samples.good.slice(0, c.samples.good.length - 40),
    UNREADABLE,
  ),
  pdfCase('pdf: encrypted (qpdf, AES-256)', (c) => c.samples.encrypted, /encrypted/),
  pdfCase('pdf: zero pages', (c) => c.samples.zeroPages, /no pages/),
  // pdf.js counts the real pages when /Count lies: the lie is not believed, so a block on a page
  // that exists only in the lie is past the last page.
  {
    name: 'pdf: /Count bomb (100000000)',
    send: (c) => postJob(c, { pdf: c.samples.countBomb, blocks: onPage(5) }),
    status: 400,
    detail: /page_index 5 is past the last page \(the PDF has 2 pages\)/,
  },
  {
    name: 'pdf: /Count lie (3 for 2)',
    send: (c) => postJob(c, { pdf: c.samples.countLie, blocks: onPage(2) }),
    status: 400,
    detail: /page_index 2 is past the last page \(the PDF has 2 pages\)/,
  },
  pdfCase('pdf: page of 10^7 pt', (c) => c.samples.hugePage, /page size|too large/i),
  {
    name: 'pdf: sent as a text field',
    send: (ctx) => {
      const form = jobForm(ctx, { pdf: null });
      form.append('pdf', '%PDF-1.7 pretending');
      return { method: 'POST', route: '/jobs', body: form };
    },
    status: 400,
    detail: /Missing file field: pdf/,
  },
  {
    name: 'pdf: larger than MAX_UPLOAD_MB',
    send: (ctx) => postJob(ctx, { pdf: ctx.samples.oversized }),
    status: 413,
    detail: /too large/,
  },
  // missing and bad form fields
  {
    name: 'form: pdf missing',
    send: (c) => postJob(c, { pdf: null }),
    status: 400,
    detail: /Missing file field: pdf/,
  },
  {
    name: 'form: blocks_file missing',
    send: (c) => postJob(c, { blocks: null }),
    status: 400,
    detail: /Missing file field: blocks_file/,
  },
  fieldCase('form: client_id missing', { client_id: undefined }, /client_id/),
  fieldCase('form: client_id blank', { client_id: '   ' }, /client_id/),
  fieldCase('form: client_id with BEL', { client_id: 'a\u0007b' }, CONTROL),
  fieldCase('form: client_id of 201 characters', { client_id: 'c'.repeat(201) }, /client_id/),
  fieldCase('form: document_id missing', { document_id: undefined }, /document_id/),
  fieldCase('form: document_id not hex', { document_id: 'xyz' }, /SHA-256/),
  fieldCase('form: document_id path-like', { document_id: '../../etc/passwd' }, /SHA-256/),
  fieldCase(
    'form: document_id of another file',
    { document_id: sha256(bytes('other')) },
    /document_id does not match/,
  ),
  fieldCase('form: document_name missing', { document_name: undefined }, /document_name/),
  fieldCase('form: document_name with NUL', { document_name: 'a\u0000.pdf' }, CONTROL),
  fieldCase(
    'form: document_name with ANSI escape',
    { document_name: '\u001b[31mred.pdf' },
    CONTROL,
  ),
  fieldCase('form: document_name with newline', { document_name: 'two\nlines.pdf' }, CONTROL),
  fieldCase(
    'form: document_name with RTL override',
    { document_name: 'report\u202Efdp.exe' },
    CONTROL,
  ),
  fieldCase('form: document_name with line separator', { document_name: 'a\u2028b.pdf' }, CONTROL),
  fieldCase(
    'form: document_name of 501 characters',
    { document_name: 'n'.repeat(501) },
    /document_name/,
  ),
  fieldCase('form: task_name with CR LF', { task_name: 'x\r\ny' }, CONTROL),
  fieldCase('form: unknown engine', { engine: 'gpt-9' }, /engine/),
  fieldCase('form: engine without a key', { engine: 'datalab' }, /datalab.*not available/),
  fieldCase('form: text_model of 201 characters', { text_model: 'm'.repeat(201) }, /text_model/),
  fieldCase('form: image_model with TAB', { image_model: 'a\tb' }, /image_model/),
  {
    name: 'form: document_name not UTF-8',
    send: (ctx) => {
      const { body, contentType } = rawMultipart([
        { name: 'client_id', value: 'bad-input' },
        { name: 'document_id', value: sha256(ctx.samples.good) },
        { name: 'document_name', value: Buffer.from([0x64, 0xff, 0xfe, 0x2e, 0x70]) },
        { name: 'pdf', value: ctx.samples.good, filename: 'a.pdf', type: 'application/pdf' },
        { name: 'blocks_file', value: '[]', filename: 'b.json', type: 'application/json' },
      ]);
      return { method: 'POST', route: '/jobs', body, headers: { 'content-type': contentType } };
    },
    status: 400,
    detail: /document_name/,
  },
  {
    name: 'form: unexpected file field',
    send: (c) => postJob(c, { files: [{ name: 'evil', bytes: bytes('x') }] }),
    status: 400,
    detail: /Unexpected file field/,
  },
  {
    name: 'form: two pdf files',
    send: (c) => postJob(c, { files: [{ name: 'pdf', bytes: c.samples.good }] }),
    status: 400,
    detail: /Unexpected file field/,
  },
  {
    name: 'form: 60 extra fields',
    send: (c) =>
      postJob(c, {
        fields: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, 'x'])),
      }),
    status: 400,
    detail: /Too many/,
  },
  // wrong content types
  {
    name: 'content type: JSON body',
    send: (c) => ({
      method: 'POST',
      route: '/jobs',
      body: JSON.stringify({
        client_id: 'a',
        document_id: sha256(c.samples.good),
        document_name: 'a.pdf',
      }),
      headers: { 'content-type': 'application/json' },
    }),
    status: 400,
    detail: /Missing file field: pdf/,
  },
  {
    name: 'content type: malformed JSON body',
    send: () => ({
      method: 'POST',
      route: '/jobs',
      body: '{"client_id": ',
      headers: { 'content-type': 'application/json' },
    }),
    status: 400,
    detail: /Malformed request body|JSON/,
  },
  {
    name: 'content type: text/plain',
    send: () => ({
      method: 'POST',
      route: '/jobs',
      body: 'client_id=a',
      headers: { 'content-type': 'text/plain' },
    }),
    status: 400,
    detail: /client_id/,
  },
  {
    name: 'content type: raw application/pdf',
    send: (c) => ({
      method: 'POST',
      route: '/jobs',
      body: c.samples.good,
      headers: { 'content-type': 'application/pdf' },
    }),
    status: 400,
    detail: /client_id/,
  },
  {
    name: 'content type: multipart without boundary',
    send: () => ({
      method: 'POST',
      route: '/jobs',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    }),
    status: 400,
    detail: /Malformed multipart form|Multipart: /,
  },
  {
    name: 'content type: multipart cut before its end',
    send: (c) => {
      const { body, contentType } = rawMultipart(
        [
          { name: 'client_id', value: 'a' },
          { name: 'pdf', value: c.samples.good, filename: 'a.pdf' },
        ],
        false,
      );
      return { method: 'POST', route: '/jobs', body, headers: { 'content-type': contentType } };
    },
    status: 400,
    detail: /Malformed multipart form|Multipart: /,
  },
  // drafts
  {
    name: 'draft: annotation_json missing',
    send: (c) => draftRequest(c, null),
    status: 400,
    detail: /annotation_json/,
  },
  {
    name: 'draft: annotation_json not JSON',
    send: (c) => draftRequest(c, '{pages:'),
    status: 400,
    detail: /not valid JSON/,
  },
  {
    name: 'draft: document_id of another file',
    send: (c) => draftRequest(c, '[]', { document_id: 'a'.repeat(64) }),
    status: 400,
    detail: /document_id does not match/,
  },
  // routes: ids and queries
  {
    name: 'route: job id not a uuid',
    send: () => ({ method: 'GET', route: '/jobs/not-a-uuid' }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: job id path traversal',
    send: () => ({ method: 'GET', route: '/jobs/..%2F..%2Fetc%2Fpasswd' }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: job id NUL',
    send: () => ({ method: 'GET', route: '/jobs/%00/details' }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: job id SQL-ish',
    send: () => ({ method: 'DELETE', route: "/jobs/1'%20OR%20'1'='1" }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: unknown job result',
    send: () => ({ method: 'GET', route: `/jobs/${UNKNOWN_ID}/result` }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: start unknown job',
    send: () => ({ method: 'POST', route: `/jobs/${UNKNOWN_ID}/start` }),
    status: 404,
    detail: /^Job not found$/,
  },
  {
    name: 'route: list limit not a number',
    send: () => ({ method: 'GET', route: '/jobs?limit=abc' }),
    status: 400,
    detail: /limit/,
  },
  {
    name: 'route: list limit negative',
    send: () => ({ method: 'GET', route: '/jobs?limit=-1' }),
    status: 400,
    detail: /limit/,
  },
  {
    name: 'route: list offset negative',
    send: () => ({ method: 'GET', route: '/jobs?offset=-5' }),
    status: 400,
    detail: /offset/,
  },
  {
    name: 'route: list client_id twice',
    send: () => ({ method: 'GET', route: '/jobs?client_id=a&client_id=b' }),
    status: 400,
    detail: /client_id/,
  },
  {
    name: 'route: rename with control characters',
    send: () => ({
      method: 'PATCH',
      route: `/jobs/${UNKNOWN_ID}`,
      body: new URLSearchParams({ task_name: 'a\u0000' }),
    }),
    status: 400,
    detail: CONTROL,
  },
];
