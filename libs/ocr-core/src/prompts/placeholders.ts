/** Values of the IMAGE prompt placeholders (docs/contract.md §4 step 5). */
export interface PromptValues {
  docName: string;
  /** 0-based page index; placeholders print it 1-based. */
  pageIndex: number;
  blockId: string;
  hint?: string | null;
  /** PDF text layer inside the block. */
  textLayer?: string | null;
}

// Both syntaxes in one pattern, so a value that itself contains `{DOC_NAME}` (text layers can
// contain anything) is never substituted a second time.
const PLACEHOLDER =
  /\{(DOC_NAME|PAGE_NUM|BLOCK_ID|OPERATOR_HINT|PDFPLUMBER_TEXT)\}|\{\{\s*(doc_name|page_index|block_id|hint|pdfplumber_text)\s*\}\}/g;

const KEY_OF_LEGACY: Record<string, string> = {
  doc_name: 'DOC_NAME',
  page_index: 'PAGE_NUM',
  block_id: 'BLOCK_ID',
  hint: 'OPERATOR_HINT',
  pdfplumber_text: 'PDFPLUMBER_TEXT',
};

/**
 * The text layer as it goes into a prompt: a drawing's text layer can run to megabytes, while a
 * model reads a few thousand words of context at most (docs/security.md, "Prompts").
 */
export const MAX_PROMPT_TEXT_LAYER_CHARS = 20_000;

/**
 * Fills `{DOC_NAME}`, `{PAGE_NUM}`, `{BLOCK_ID}`, `{OPERATOR_HINT}`, `{PDFPLUMBER_TEXT}` and their
 * older spellings `{{doc_name}}`, `{{page_index}}`, `{{block_id}}`, `{{hint}}`,
 * `{{pdfplumber_text}}`. Both page placeholders print the 1-based page number (the original
 * system documented `{{page_index}}` as "page number"). Missing hint/text become ''.
 *
 * Each placeholder (per spelling: `{OPERATOR_HINT}` and `{{hint}}` are one each) is filled at its
 * first occurrence only; repeats become '' — a template repeating `{{hint}}` would otherwise
 * multiply the hint into hundreds of megabytes.
 * The text layer is cut at `MAX_PROMPT_TEXT_LAYER_CHARS`.
 */
export function fillPromptPlaceholders(template: string, values: PromptValues): string {
  const byKey: Record<string, string> = {
    DOC_NAME: values.docName,
    PAGE_NUM: String(values.pageIndex + 1),
    BLOCK_ID: values.blockId,
    OPERATOR_HINT: values.hint ?? '',
    PDFPLUMBER_TEXT: (values.textLayer ?? '').slice(0, MAX_PROMPT_TEXT_LAYER_CHARS),
  };
  const filled = new Set<string>();
  return template.replace(
    PLACEHOLDER,
    (_m, modern: string | undefined, legacy: string | undefined) => {
      const spelling = modern ?? `{{${legacy}}}`;
      if (filled.has(spelling)) return '';
      filled.add(spelling);
      return byKey[modern ?? KEY_OF_LEGACY[legacy ?? '']] ?? '';
    },
  );
}

/**
 * The longest a template can become once filled: its own length plus, for each placeholder it
 * holds (each spelling counted once, as filled), the longest value of its kind (`bounds`, by
 * modern name).
 */
export function filledLengthBound(template: string, bounds: Record<string, number>): number {
  const spellings = new Map<string, string>();
  for (const m of template.matchAll(PLACEHOLDER)) {
    const [, modern, legacy] = m;
    spellings.set(modern ?? `{{${legacy}}}`, modern ?? KEY_OF_LEGACY[legacy ?? '']);
  }
  let total = template.length;
  for (const kind of spellings.values()) total += bounds[kind] ?? 0;
  return total;
}
