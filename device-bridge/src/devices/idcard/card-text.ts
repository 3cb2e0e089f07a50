/**
 * The 256-byte text block a SAM module reads from an identity card (UTF-16LE, space-padded), for
 * the layouts in docs/device-protocols.md: the resident card, the 港澳台居民居住证 ('J'), the
 * 外国人永久居留身份证 of 2023 ('Y') and its older layout (flag letter unconfirmed, so configurable).
 *
 * The type flag at offset 248 picks the layout; an unknown flag is an "unsupported card type"
 * result, never garbage fields. Every field is checked (dates, codes, the ID number's ISO 7064
 * MOD 11-2 check character) so a misread card is an error, not a wrong citizen.
 *
 * `encodeCardText` is the inverse, used by the SAM simulator to write the same bytes a card holds.
 */
import { isIsoDate } from '../../../../core/calendar/iso-date';
import { isValidIdNumber } from '../../../../core/catalog/id-number';
import { isNationCode, isSexCode } from '../../../../core/identity-codes';
import { Identity } from '../../../../core/identity';
import { err, ok, type Result } from '../../../../core/result';

export const TEXT_LENGTH = 256;
export const FLAG_OFFSET = 248;

type Field = readonly [offset: number, bytes: number];

/** Byte offsets and lengths (protocols.md). */
export const layouts = {
  resident: {
    name: [0, 30], sex: [30, 2], nation: [32, 4], birthDate: [36, 16], address: [52, 70],
    idNumber: [122, 36], issuer: [158, 30], validFrom: [188, 16], validTo: [204, 16],
  },
  hkMoTw: { passNumber: [220, 18], issueCount: [238, 4] },
  foreign2023: {
    name: [0, 30], sex: [30, 2], renewalCount: [32, 4], birthDate: [36, 16], englishName: [52, 70],
    idNumber: [122, 36], validFrom: [188, 16], validTo: [204, 16], englishNameCont: [220, 22],
    nationality: [242, 6], previousCard: [250, 6],
  },
  foreignOld: {
    englishName: [0, 120], sex: [120, 2], idNumber: [122, 30], nationality: [152, 6], name: [158, 30],
    validFrom: [188, 16], validTo: [204, 16], birthDate: [220, 16], version: [236, 4], authority: [240, 8],
  },
} as const satisfies Record<string, Record<string, Field>>;

export interface CardTextOptions {
  /** Flag letters read as the older foreign permanent resident layout (commonly said 'I'; unconfirmed). */
  olderForeignFlags?: readonly string[];
}

export type CardTextError =
  | { reason: 'unsupported-card'; message: string }
  | { reason: 'malformed'; field: string; message: string };

const field = (text: Uint8Array, [offset, bytes]: Field): string =>
  Buffer.from(text.buffer, text.byteOffset + offset, bytes).toString('utf16le').replace(/[\s\u0000]+$/u, '').trim();

/** The type flag character, or '' for a blank (resident) flag. */
export function cardTypeFlag(text: Uint8Array): string {
  return field(text, [FLAG_OFFSET, 2]);
}

export function parseCardText(text: Uint8Array, options: CardTextOptions = {}): Result<Identity, CardTextError> {
  if (text.length !== TEXT_LENGTH) return err({ reason: 'malformed', field: 'text', message: `text block is ${text.length} bytes, expected ${TEXT_LENGTH}` });
  const flag = cardTypeFlag(text);
  const older = options.olderForeignFlags ?? ['I'];
  let candidate: Record<string, unknown>;
  if (flag === '') candidate = residentFields(text, 'resident');
  else if (flag === 'J') {
    candidate = { ...residentFields(text, 'hk-mo-tw-residence'), passNumber: field(text, layouts.hkMoTw.passNumber) };
  } else if (flag === 'Y') {
    const L = layouts.foreign2023;
    const englishName = (field(text, L.englishName) + field(text, L.englishNameCont)).trim();
    candidate = {
      cardType: 'foreign-permanent', name: field(text, L.name) || englishName, englishName,
      sex: field(text, L.sex), nation: '', birthDate: field(text, L.birthDate), address: '',
      idNumber: field(text, L.idNumber), issuer: '', validFrom: field(text, L.validFrom), validTo: field(text, L.validTo),
      nationality: field(text, L.nationality),
    };
  } else if (older.includes(flag)) {
    const L = layouts.foreignOld;
    const englishName = field(text, L.englishName);
    candidate = {
      cardType: 'foreign-permanent', name: field(text, L.name) || englishName, englishName,
      sex: field(text, L.sex), nation: '', birthDate: field(text, L.birthDate), address: '',
      idNumber: field(text, L.idNumber), issuer: '', validFrom: field(text, L.validFrom), validTo: field(text, L.validTo),
      nationality: field(text, L.nationality),
    };
  } else {
    const shown = /^[\x20-\x7e]$/.test(flag) ? `'${flag}'` : `U+${flag.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return err({ reason: 'unsupported-card', message: `unsupported card type (flag ${shown})` });
  }
  return validate(candidate, flag);
}

function residentFields(text: Uint8Array, cardType: Identity['cardType']): Record<string, unknown> {
  const L = layouts.resident;
  return {
    cardType, name: field(text, L.name), sex: field(text, L.sex), nation: field(text, L.nation),
    birthDate: field(text, L.birthDate), address: field(text, L.address), idNumber: field(text, L.idNumber),
    issuer: field(text, L.issuer), validFrom: field(text, L.validFrom), validTo: field(text, L.validTo),
  };
}

const ymdIsDate = (s: unknown) => typeof s === 'string' && /^\d{8}$/.test(s) && isIsoDate(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`);

function validate(candidate: Record<string, unknown>, flag: string): Result<Identity, CardTextError> {
  const bad = (f: string, message: string) => err<CardTextError>({ reason: 'malformed', field: f, message });
  if (!candidate.name) return bad('name', 'the name is empty');
  if (!isSexCode(String(candidate.sex))) return bad('sex', 'not a GB/T 2261.1 sex code');
  if (candidate.nation !== '' && !isNationCode(String(candidate.nation))) return bad('nation', 'not a GB 3304 nation code');
  for (const f of ['birthDate', 'validFrom'] as const) if (!ymdIsDate(candidate[f])) return bad(f, 'not a date');
  if (candidate.validTo !== '长期' && !ymdIsDate(candidate.validTo)) return bad('validTo', 'not a date or 长期');
  const id = String(candidate.idNumber).toUpperCase();
  candidate.idNumber = id;
  // Resident, 'J' and 'Y' (2023) numbers are 18 characters with an ISO 7064 MOD 11-2 check.
  if (flag !== '' && flag !== 'J' && flag !== 'Y') {
    if (!/^[A-Z0-9]{6,30}$/.test(id)) return bad('idNumber', 'not a card number');
  } else if (!isValidIdNumber(id)) return bad('idNumber', 'the ID number fails its check character or birth date');
  else if (flag === 'J' && !/^8[123]/.test(id)) return bad('idNumber', '港澳台 residence permits start with 81, 82 or 83');
  else if (flag === 'Y' && !id.startsWith('9')) return bad('idNumber', 'foreign permanent resident ID numbers start with 9');
  if (!candidate.nationality) delete candidate.nationality;
  if (!candidate.passNumber) delete candidate.passNumber;
  const parsed = Identity.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return bad(issue.path.join('.') || 'text', issue.message);
  }
  return ok(parsed.data);
}

// ---- the inverse, for the simulator ----------------------------------------------------------

function put(text: Uint8Array, [offset, bytes]: Field, value: string): void {
  const encoded = Buffer.from(value, 'utf16le');
  if (encoded.length > bytes) throw new RangeError(`value does not fit a ${bytes}-byte field`);
  text.set(encoded, offset);
}

/** The card's text block for an identity; `flag` overrides the type flag (e.g. an unknown card). */
export function encodeCardText(identity: Identity, options: { flag?: string; olderLayout?: boolean } = {}): Uint8Array {
  const text = new Uint8Array(Buffer.from(' '.repeat(TEXT_LENGTH / 2), 'utf16le'));
  if (identity.cardType === 'foreign-permanent') {
    const english = identity.englishName ?? '';
    if (options.olderLayout) {
      const L = layouts.foreignOld;
      put(text, L.englishName, english);
      put(text, L.sex, identity.sex);
      put(text, L.idNumber, identity.idNumber);
      put(text, L.nationality, identity.nationality ?? '');
      put(text, L.name, identity.name === english ? '' : identity.name);
      put(text, L.validFrom, identity.validFrom);
      put(text, L.validTo, identity.validTo);
      put(text, L.birthDate, identity.birthDate);
      put(text, L.version, '01');
      put(text, [FLAG_OFFSET, 2], options.flag ?? 'I');
      return text;
    }
    const L = layouts.foreign2023;
    put(text, L.name, identity.name === english ? '' : identity.name);
    put(text, L.sex, identity.sex);
    put(text, L.renewalCount, '00');
    put(text, L.birthDate, identity.birthDate);
    put(text, L.englishName, english.slice(0, 35));
    put(text, L.englishNameCont, english.slice(35));
    put(text, L.idNumber, identity.idNumber);
    put(text, L.validFrom, identity.validFrom);
    put(text, L.validTo, identity.validTo);
    put(text, L.nationality, identity.nationality ?? '');
    put(text, [FLAG_OFFSET, 2], options.flag ?? 'Y');
    return text;
  }
  const L = layouts.resident;
  put(text, L.name, identity.name);
  put(text, L.sex, identity.sex);
  put(text, L.nation, identity.nation);
  put(text, L.birthDate, identity.birthDate);
  put(text, L.address, identity.address);
  put(text, L.idNumber, identity.idNumber);
  put(text, L.issuer, identity.issuer);
  put(text, L.validFrom, identity.validFrom);
  put(text, L.validTo, identity.validTo);
  if (identity.cardType === 'hk-mo-tw-residence') {
    put(text, layouts.hkMoTw.passNumber, identity.passNumber ?? '');
    put(text, layouts.hkMoTw.issueCount, '01');
    put(text, [FLAG_OFFSET, 2], options.flag ?? 'J');
  } else if (options.flag) put(text, [FLAG_OFFSET, 2], options.flag);
  return text;
}
