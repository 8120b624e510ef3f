import { postBlocks, withFirstBlock, type BadInputCase } from './bad-input-kit.js';

const imageBlock = (patch: Record<string, unknown>): Array<Record<string, unknown>> =>
  withFirstBlock({ block_type: 'image', ...patch });

/** Requests refused by the hardening of issue 14 (docs/security.md); each names its item. */
export const BAD_SECURITY_CASES: BadInputCase[] = [
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
