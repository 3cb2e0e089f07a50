import { describe, expect, it } from 'vitest';
import { cardTypeFlag, encodeCardText, parseCardText, TEXT_LENGTH } from './card-text';
import { identityPresets } from './presets';

/** A hand-built resident text block, independent of encodeCardText, from the published layout. */
function handBuilt(fields: [offset: number, value: string][]): Uint8Array {
  const text = Buffer.from(' '.repeat(128), 'utf16le');
  for (const [offset, value] of fields) Buffer.from(value, 'utf16le').copy(text, offset);
  return new Uint8Array(text);
}

describe('card text block', () => {
  it('parses a resident card laid out by hand from the published offsets', () => {
    const text = handBuilt([
      [0, '王芳'], [30, '2'], [32, '01'], [36, '19920315'], [52, '天津市和平区南京路128号3门501'],
      [122, '120101199203150026'], [158, '天津市公安局和平分局'], [188, '20200601'], [204, '20400601'],
    ]);
    expect(text.length).toBe(TEXT_LENGTH);
    const r = parseCardText(text);
    expect(r).toEqual({ ok: true, value: identityPresets.resident });
  });

  it('round-trips every preset, including 长期, 生僻字, J and Y cards', () => {
    for (const identity of Object.values(identityPresets)) {
      expect(parseCardText(encodeCardText(identity))).toEqual({ ok: true, value: identity });
    }
    expect(cardTypeFlag(encodeCardText(identityPresets['hk-resident']))).toBe('J');
    expect(cardTypeFlag(encodeCardText(identityPresets.foreigner))).toBe('Y');
  });

  it('keeps a name outside the BMP (生僻字) intact', () => {
    const r = parseCardText(encodeCardText(identityPresets['rare-name']));
    expect(r.ok && r.value.name).toBe('陈𬌗');
  });

  it('reads the older foreign permanent resident layout under a configurable flag', () => {
    const old = { ...identityPresets.foreigner, idNumber: 'CAN310085061201' };
    const text = encodeCardText(old, { olderLayout: true });
    expect(parseCardText(text)).toEqual({ ok: true, value: old });
    // Were the older flag letter different in the field, it is one option away.
    const other = encodeCardText(old, { olderLayout: true, flag: 'F' });
    expect(parseCardText(other)).toMatchObject({ ok: false, error: { reason: 'unsupported-card' } });
    expect(parseCardText(other, { olderForeignFlags: ['F'] })).toEqual({ ok: true, value: old });
  });

  it('reports an unknown card type flag as unsupported, never as fields', () => {
    const r = parseCardText(encodeCardText(identityPresets.resident, { flag: 'Q' }));
    expect(r).toEqual({ ok: false, error: { reason: 'unsupported-card', message: "unsupported card type (flag 'Q')" } });
  });

  it('refuses a text block whose ID number fails its check character', () => {
    const bad = encodeCardText({ ...identityPresets.resident, idNumber: '120101199203150027' });
    expect(parseCardText(bad)).toMatchObject({ ok: false, error: { reason: 'malformed', field: 'idNumber' } });
  });

  it('refuses bad codes, dates and sizes with the field named', () => {
    expect(parseCardText(encodeCardText({ ...identityPresets.resident, sex: '3' as '1' }))).toMatchObject({ error: { field: 'sex' } });
    expect(parseCardText(encodeCardText({ ...identityPresets.resident, nation: '77' }))).toMatchObject({ error: { field: 'nation' } });
    expect(parseCardText(encodeCardText({ ...identityPresets.resident, validFrom: '20200231' }))).toMatchObject({ error: { field: 'validFrom' } });
    expect(parseCardText(new Uint8Array(100))).toMatchObject({ error: { field: 'text' } });
    // All zeros: a blank flag, an empty name.
    expect(parseCardText(new Uint8Array(256))).toMatchObject({ error: { reason: 'malformed', field: 'name' } });
  });

  it('refuses a J card whose number is not a 港澳台 number', () => {
    const r = parseCardText(encodeCardText({ ...identityPresets['hk-resident'], idNumber: identityPresets.resident.idNumber }));
    expect(r).toMatchObject({ ok: false, error: { field: 'idNumber' } });
  });
});
