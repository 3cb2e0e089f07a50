/**
 * An A4 document the terminal prints on the document printer (proofs such as 社保参保缴费证明, a
 * 秒批 result, a payment voucher): what it says, independent of how it is laid out. The bridge lays
 * it out as PDF (device-bridge/src/devices/document/a4-pdf.ts) and prints it through CUPS.
 *
 * Everything on it is checkable: the issuing department, the date, a verification code, and a QR
 * code whose URL lets anyone check the document online with that code.
 */
export interface A4Document {
  /** e.g. 社会保险参保缴费证明 */
  title: string;
  /** The issuing department (出具单位), printed under the title and beside the seal area. */
  issuer: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  issuedOn: string;
  /** Printed in full; with `checkUrl` anyone can check the document. */
  verificationCode: string;
  /** Where the document is checked online; the QR code carries it (with the code as `?code=`). */
  checkUrl: string;
  /** Key facts as label–value rows (姓名, 证件号码 masked as the platform sends it, 参保状态 …). */
  facts: { label: string; value: string }[];
  /** Optional table (缴费记录: 年月, 险种, 基数, 金额 …). */
  table?: { columns: string[]; rows: string[][] };
  /** Free text paragraphs under the facts (说明, 用途). */
  notes?: string[];
}

/** Limits that keep a document on paper that a person can read: the layout refuses more. */
export const A4_LIMITS = { titleChars: 40, facts: 30, factChars: 200, columns: 8, rows: 400, cellChars: 60, notes: 20, noteChars: 600 } as const;

/** The QR code's content: the check URL with the verification code. */
export function checkLink(doc: Pick<A4Document, 'checkUrl' | 'verificationCode'>): string {
  const url = new URL(doc.checkUrl);
  url.searchParams.set('code', doc.verificationCode);
  return url.href;
}

/** Why a document cannot be laid out, or null. */
export function checkA4Document(doc: A4Document): string | null {
  const L = A4_LIMITS;
  if (!doc.title.trim() || doc.title.length > L.titleChars) return `title: 1–${L.titleChars} characters`;
  if (!doc.issuer.trim()) return 'issuer: required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(doc.issuedOn)) return 'issuedOn: YYYY-MM-DD';
  if (!/^[A-Z0-9-]{4,40}$/.test(doc.verificationCode)) return 'verificationCode: 4–40 of A–Z, 0–9, -';
  try {
    if (!/^https?:$/.test(new URL(doc.checkUrl).protocol)) return 'checkUrl: http(s) URL';
  } catch {
    return 'checkUrl: not a URL';
  }
  if (doc.facts.length > L.facts || doc.facts.some((f) => f.label.length > L.factChars || f.value.length > L.factChars)) return `facts: at most ${L.facts} rows of ${L.factChars} characters`;
  if (doc.table) {
    const { columns, rows } = doc.table;
    if (columns.length === 0 || columns.length > L.columns) return `table: 1–${L.columns} columns`;
    if (rows.length > L.rows) return `table: at most ${L.rows} rows`;
    if (rows.some((r) => r.length !== columns.length || r.some((c) => c.length > L.cellChars))) return `table: every row has ${columns.length} cells of at most ${L.cellChars} characters`;
  }
  if ((doc.notes ?? []).length > L.notes || (doc.notes ?? []).some((n) => n.length > L.noteChars)) return `notes: at most ${L.notes} of ${L.noteChars} characters`;
  return null;
}
