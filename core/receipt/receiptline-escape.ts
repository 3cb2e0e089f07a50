/**
 * Escaping for data placed into a ReceiptLine document (receipt markdown, npm `receiptline`).
 *
 * Citizen data (names, addresses, item names from the catalogue) must print as written and must
 * never be read as markup: a `|` in an address would split a column, `_` would start underlining,
 * `~` would become a space, `{` would start a property. The rules below are read from
 * receiptline 4's parser (`parseLine`/`parseEscape`), not from memory.
 */

/**
 * Characters that receiptline treats as markup inside text columns. `-` and `=` only matter when a
 * whole column is made of them (a rule, or `=` a paper cut), but escaping them always is harmless in
 * text and keeps the rule simple.
 */
const TEXT_SPECIALS = /[\\|{}~_"`^\-=]/g;

/** Control characters would break the line structure (a newline starts a new receipt line). */
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** Escapes a value for use as (part of) a text column. */
export function escapeReceiptline(text: string): string {
  return text.replace(CONTROLS, ' ').replace(TEXT_SPECIALS, (c) => `\\${c}`);
}

/**
 * Escapes a value for use inside a property such as `{code:...}`. Property values are unescaped by
 * a different rule: only `\\ \{ \| \} \;` are kept, any other backslash escape (e.g. `\_`) is
 * silently dropped, and `\n` becomes a newline. So text escaping would corrupt a URL.
 */
export function escapeReceiptlineProperty(value: string): string {
  return value.replace(CONTROLS, ' ').replace(/[\\{|};]/g, (c) => `\\${c}`);
}
