/**
 * Escaping for every output language the reports write. Policy names, display names and messages
 * come from tenants, so they are hostile input in every format: markup in HTML and XML, table
 * syntax in Markdown, escape sequences in a terminal.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML/XML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; lone surrogates;
 * U+FFFE/U+FFFF), replaced by U+FFFD so a stray byte in a tenant's data cannot break the document.
 */
export function xmlSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** Text for XML element content or a quoted attribute. */
export function escapeXml(text: string): string {
  return escapeHtml(xmlSafe(text));
}

/**
 * Text for one Markdown table cell or inline run: Markdown punctuation and pipes backslash-escaped,
 * then `&`, `<`, `>` turned into entities (GitHub renders inline HTML, so a name must not open a
 * tag), line breaks turned into `<br>`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!)
    .replace(/\r?\n/g, '<br>');
}

/** Text for inline code in Markdown: backticks cannot be escaped, so they are replaced. */
export function markdownCode(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ')}\``;
}

/**
 * Text for a terminal: control characters (including ESC, which starts ANSI sequences) become
 * U+FFFD so a name cannot recolour, move the cursor or retitle the window.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
}
