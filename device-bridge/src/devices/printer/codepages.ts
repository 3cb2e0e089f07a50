/**
 * Byte → text for the simulated printer: GB18030 in Chinese mode (FS &), otherwise the single-byte
 * code page chosen with ESC t n (Epson numbering).
 */
import iconv from 'iconv-lite';

/**
 * Epson page 1 (Katakana) 0x80–0x9F are block and box-drawing glyphs. receiptline draws its
 * horizontal and vertical rules with them (`FS . ESC t 1` then 0x95 ─ / 0x96 │ …), so they must
 * read as lines, not as katakana.
 */
const KATAKANA_GRAPHICS = '▁▂▃▄▅▆▇█▏▎▍▌▋▊▉┼┴┬┤├▔─│▕┌┐└┘╭╮╰╯';

/** ESC t n → iconv-lite encoding, for the pages our printers carry. */
const SINGLE_BYTE_PAGES: Record<number, string> = {
  0: 'cp437',
  2: 'cp850',
  3: 'cp860',
  4: 'cp863',
  5: 'cp865',
  16: 'windows1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
};

function decodeKatakanaPage(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b < 0x80) s += String.fromCharCode(b);
    else if (b < 0xa0) s += KATAKANA_GRAPHICS[b - 0x80];
    // JIS X 0201 half-width katakana live at U+FF61.. for 0xA1..0xDF.
    else if (b >= 0xa1 && b <= 0xdf) s += String.fromCharCode(0xff61 + b - 0xa1);
    else s += ' ';
  }
  return s;
}

export function decodePrinterText(bytes: Uint8Array, chineseMode: boolean, codePage: number): string {
  if (chineseMode) return iconv.decode(Buffer.from(bytes), 'gb18030');
  if (codePage === 1) return decodeKatakanaPage(bytes);
  // An unknown page prints *something* on a real printer too; cp437 is the power-on default.
  return iconv.decode(Buffer.from(bytes), SINGLE_BYTE_PAGES[codePage] ?? 'cp437');
}

/** QR payloads are bytes; URLs and most phone apps expect UTF-8, older systems send GBK. */
export function decodeSymbolData(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gb18030');
  }
}
