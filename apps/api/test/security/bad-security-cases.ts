import {
  MB,
  UNKNOWN_ID,
  draftRequest,
  postBlocks,
  postJob,
  withFirstBlock,
  type BadInputCase,
} from './bad-input-kit.js';

const imageBlock = (patch: Record<string, unknown>): Array<Record<string, unknown>> =>
  withFirstBlock({ block_type: 'image', ...patch });

/** Requests refused by the hardening of issue 14 (docs/security.md); each names its item. */
const PROMPT_CASES: BadInputCase[] = [
  {
    name: 'security 3: prompt whose filled size could pass the cap',
    send: postBlocks(
      imageBlock({
        hint: 'h'.repeat(10_000),
        prompt: {
          system: `${'s'.repeat(40_000)}{PDFPLUMBER_TEXT}`,
          user: '{{hint}}'.repeat(12_500),
        },
      }),
    ),
    status: 400,
    detail: /prompt with its placeholders filled could reach \d+ characters; at most 150000/,
  },
];

const multipart = (method: string, route: string, fields: Record<string, string>) => () => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return { method, route, body: form };
};

/** Item 5: every multipart route takes only its own fields, each with its own size. */
const FORM_FIELD_CASES: BadInputCase[] = [
  {
    name: 'security 5: PATCH with an unknown multipart field',
    send: multipart('PATCH', `/jobs/${UNKNOWN_ID}`, { task_name: 'x', evil: 'y' }),
    status: 400,
    detail: /^Unknown form field: evil$/,
  },
  {
    name: 'security 5: PATCH with a 1 MB task_name',
    send: multipart('PATCH', `/jobs/${UNKNOWN_ID}`, { task_name: 'n'.repeat(MB) }),
    status: 400,
    detail: /^Field value too long - task_name$/,
  },
  {
    name: 'security 5: start with a 1 MB model name',
    send: multipart('POST', `/jobs/${UNKNOWN_ID}/start`, { text_model: 'm'.repeat(MB) }),
    status: 400,
    detail: /^Field value too long - text_model$/,
  },
  {
    name: 'security 5: restart with a text field',
    send: multipart('POST', `/jobs/${UNKNOWN_ID}/restart`, { note: 'x' }),
    status: 400,
    detail: /^Unknown form field: note$/,
  },
  {
    name: 'security 5: POST /jobs with an unknown field',
    send: (ctx) => postJob(ctx, { fields: { note: 'hello' } }),
    status: 400,
    detail: /^Unknown form field: note$/,
  },
  {
    name: 'security 5: POST /jobs with a 100 kB document_name',
    send: (ctx) => postJob(ctx, { fields: { document_name: 'd'.repeat(100_000) } }),
    status: 400,
    detail: /^Field value too long - document_name$/,
  },
  {
    name: 'security 5: draft with a 1 MB client_id',
    send: (ctx) => draftRequest(ctx, '{"pdf_path":"a","pages":[]}', { client_id: 'c'.repeat(MB) }),
    status: 413,
    detail: /Form field client_id is larger than 800 bytes/,
  },
];

/** Item 7: a client names only models the operator allows (OPENROUTER_ALLOWED_MODELS). */
const MODEL_CASES: BadInputCase[] = [
  {
    name: 'security 7: text_model outside the allow-list',
    send: (ctx) =>
      postJob(ctx, { fields: { engine: 'openrouter', text_model: 'openai/o1-pro:online' } }),
    status: 400,
    detail: /^text_model "openai\/o1-pro:online" is not allowed on this server; allowed: qwen\//,
  },
  {
    name: 'security 7: image_model outside the allow-list, engine local',
    send: (ctx) => postJob(ctx, { fields: { engine: 'local', image_model: 'x/expensive' } }),
    status: 400,
    detail: /^image_model "x\/expensive" is not allowed/,
  },
];

/** Every case above, for the bad-input table. */
export const BAD_SECURITY_CASES: BadInputCase[] = [
  ...PROMPT_CASES,
  ...FORM_FIELD_CASES,
  ...MODEL_CASES,
];
