import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';
import { t } from '../i18n.js';

/**
 * A block's text as the engine returned it — Markdown, possibly with HTML tables — rendered, and
 * sanitised by DOMPurify first: the text comes from a model and must never run in the page.
 */
export function BlockText(props: { text: string | null | undefined }) {
  const html = useMemo(() => {
    if (!props.text) return '';
    const raw = marked.parse(props.text, { async: false, gfm: true, breaks: true });
    return DOMPurify.sanitize(raw, {
      FORBID_TAGS: ['style', 'form', 'input'],
      FORBID_ATTR: ['style'],
    });
  }, [props.text]);
  if (!html) return <p className="hint">{t('noText')}</p>;
  // Sanitised just above.
  return (
    <div
      className="block-text"
      data-testid="block-text"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
