import { commands, transform } from 'receiptline';
import { describe, expect, it } from 'vitest';
import { escapeReceiptline, escapeReceiptlineProperty } from './receiptline-escape';

/** Renders one text column with receiptline's plain-text backend: what would reach the paper. */
const printed = (doc: string) => transform(doc, { command: 'text', cpl: 48, encoding: 'gb18030' }).replace(/\s+$/, '').trim();

describe('escapeReceiptline', () => {
  it('escapes every markup character with a backslash', () => {
    expect(escapeReceiptline('a|b{c}d~e_f"g`h^i\\j-k=l')).toBe('a\\|b\\{c\\}d\\~e\\_f\\"g\\`h\\^i\\\\j\\-k\\=l');
  });

  it('turns control characters (which would start a new receipt line) into spaces', () => {
    expect(escapeReceiptline('第一行\n第二行\t!')).toBe('第一行 第二行 !');
  });

  it.each([
    '我要开餐馆|一件事',
    'under_score ~tilde~ "quoted" `tick` ^caret^',
    '{width:1}',
    'C:\\path\\n not a newline',
    '---',
    '===',
    '张*  110101********1234',
  ])('prints %j exactly as given', (value) => {
    expect(printed(`|${escapeReceiptline(value)} |`)).toBe(value);
  });
});

/** The data receiptline hands to its QR generator for a document. */
function qrData(doc: string): string[] {
  const seen: string[] = [];
  transform(doc, { command: { ...commands.base, qrcode: (symbol: { data: string }) => (seen.push(symbol.data), '') } });
  return seen;
}

describe('escapeReceiptlineProperty', () => {
  const url = 'https://example.gov.cn/t?a=1;b={x}|y\\z_w~^';

  it('keeps a URL with ; { } | \\ _ ~ ^ intact inside {code:…}', () => {
    expect(qrData(`{code:${escapeReceiptlineProperty(url)}; option:qrcode,6,m}`)).toEqual([url]);
  });

  it('is needed: text escaping would corrupt the same URL (unknown escapes are dropped in properties)', () => {
    expect(qrData(`{code:${escapeReceiptline(url)}; option:qrcode,6,m}`)).not.toEqual([url]);
  });
});
