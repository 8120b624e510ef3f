// Text as the CER figures compare it: a rebuilt table reads as its cell texts in row order (pipes,
// rule rows and HTML tags dropped), all white space as single spaces. The expected texts are
// plain text-layer extractions, so table markup alone must not count as errors.
export function cerText(text) {
  return text
    .replace(/<br>/g, ' ')
    .replace(/<\/?(table|tr|td)[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n')
    .filter((l) => !/^\|( *--- *\|)+$/.test(l.trim()))
    .map((l) => l.replace(/(^\s*\| ?| ?\|\s*$)/g, '').replace(/ \| /g, ' '))
    .join(' ')
    .replace(/\\\|/g, '|')
    .replace(/\s+/g, ' ')
    .trim();
}
