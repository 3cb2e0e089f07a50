/**
 * 容缺 done right (issue 15): what an accepted application still owes, from the composition and the
 * citizen's choices — the 身后一件事 accepted without its required papers must say what to bring,
 * where, by when and what happens otherwise.
 */
import { describe, expect, it } from 'vitest';
import { loadSampleCalendar, loadSampleCatalog } from '../../test/support/sample-catalog';
import { addWorkingDays } from '../calendar/working-days';
import { compose, owedMaterials, type Composition } from './compose';
import { applicableItems } from './scenario';

const catalog = loadSampleCatalog();
const cal = loadSampleCalendar();
const known = { card: { name: '林晓梅', idNumber: '11010519491231002X' }, shared: {}, eLicences: ['居民身份证'] };

function composed(bundle: string, answers: Record<string, string>): Composition {
  const b = catalog.bundles.find((x) => x.code === bundle)!;
  const r = compose(catalog, bundle, applicableItems(b, answers).map((i) => i.item), known, '2026-11-23', cal, answers);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe('owedMaterials', () => {
  const c = composed('after-death', { deathPlace: 'home', pension: 'yes', property: 'yes', providentFund: 'yes' });
  const required = c.toBring.filter((m) => m.necessity === '必要').map((m) => m.material.code);

  it('lists every required material neither photographed nor replaced, with form, copies, deadline, place and consequence', () => {
    const owed = owedMaterials(c, {}, [], '2026-11-23', cal);
    expect(required.length).toBeGreaterThanOrEqual(6);
    expect(owed.map((o) => o.material)).toEqual(required);
    const card = owed.find((o) => o.material === 'deceased-id-card')!;
    expect(card).toMatchObject({ form: '原件', copies: 1, reason: 'not-provided', days: 5, upload: true });
    expect(card.dueDate).toBe(addWorkingDays('2026-11-23', 5, cal).date);
    expect(card.where.zh.length).toBeGreaterThan(2);
    expect(card.ifMissing.zh).toContain('视为撤回');
    expect(card.items.map((i) => i.zh)).toContain(catalog.items.find((i) => i.code === '440000-WJ-1101')!.name.zh);
    // An optional material is not owed.
    expect(owed.some((o) => o.material === 'social-security-card')).toBe(false);
  });

  it('leaves out what was photographed at the kiosk, and what a signed commitment replaces', () => {
    const owed = owedMaterials(c, {}, ['deceased-id-card', 'bank-card'], '2026-11-23', cal);
    expect(owed.map((o) => o.material)).toEqual(required.filter((m) => m !== 'deceased-id-card' && m !== 'bank-card'));
  });

  it('gives 容缺 materials their own consequence and the catalog’s 补交 period where it sets one', () => {
    const home = composed('second-hand-home', { mortgage: 'yes', gas: 'yes' });
    const owed = owedMaterials(home, { 'utility-settlement': 'deferred' }, home.toBring.map((m) => m.material.code).filter((m) => m !== 'utility-settlement'), '2026-11-23', cal);
    const settlement = owed.find((o) => o.material === 'utility-settlement')!;
    expect(settlement.reason).toBe('deferred');
    expect(settlement.ifMissing.zh).toContain('终止办理');
    const m = home.toBring.find((x) => x.material.code === 'utility-settlement')!;
    expect(settlement.days).toBe(m.supplement.days ?? 5);
    // On a Saturday the clock starts on the next working day.
    const weekend = owedMaterials(home, { 'utility-settlement': 'deferred' }, [], '2026-11-28', cal).find((o) => o.material === 'utility-settlement')!;
    expect(weekend.dueDate).toBe(addWorkingDays('2026-11-30', settlement.days, cal).date);
  });
});
