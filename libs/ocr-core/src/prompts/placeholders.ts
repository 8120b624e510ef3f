/** Values of the IMAGE prompt placeholders (SPEC §4 step 5). */
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
 * Fills `{DOC_NAME}`, `{PAGE_NUM}`, `{BLOCK_ID}`, `{OPERATOR_HINT}`, `{PDFPLUMBER_TEXT}` and their
 * older spellings `{{doc_name}}`, `{{page_index}}`, `{{block_id}}`, `{{hint}}`,
 * `{{pdfplumber_text}}`. Both page placeholders print the 1-based page number (the original
 * system documented `{{page_index}}` as "page number"). Missing hint/text become ''.
 */
export function fillPromptPlaceholders(template: string, values: PromptValues): string {
  const byKey: Record<string, string> = {
    DOC_NAME: values.docName,
    PAGE_NUM: String(values.pageIndex + 1),
    BLOCK_ID: values.blockId,
    OPERATOR_HINT: values.hint ?? '',
    PDFPLUMBER_TEXT: values.textLayer ?? '',
  };
  return template.replace(
    PLACEHOLDER,
    (_m, modern: string | undefined, legacy: string | undefined) => {
      const key = modern ?? KEY_OF_LEGACY[legacy ?? ''];
      return byKey[key] ?? '';
    },
  );
}
