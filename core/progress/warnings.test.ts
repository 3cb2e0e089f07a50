import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeCalendar } from '../calendar/working-days';
import { dueWarning } from './warnings';

const calendar = makeCalendar(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../config/calendar/cn-2025-2026.json'), 'utf8')));

describe('due-date warnings (黄牌/红牌)', () => {
  it('red past the due date, yellow within one working day, none when finished', () => {
    expect(dueWarning('审查中', '2026-12-01', '2026-12-02', calendar)).toBe('red');
    expect(dueWarning('审查中', '2026-12-02', '2026-12-02', calendar)).toBe('yellow');
    expect(dueWarning('已受理', '2026-12-03', '2026-12-02', calendar)).toBe('yellow');
    expect(dueWarning('已受理', '2026-12-04', '2026-12-02', calendar)).toBeNull();
    expect(dueWarning('已办结', '2026-11-01', '2026-12-02', calendar)).toBeNull();
    expect(dueWarning('不予受理', '2026-11-01', '2026-12-02', calendar)).toBeNull();
    expect(dueWarning('需补正', '2026-11-01', '2026-12-02', calendar)).toBe('red');
  });

  it('counts working days: on a Friday, Monday is the next working day', () => {
    // 2026-12-04 is a Friday.
    expect(dueWarning('审查中', '2026-12-07', '2026-12-04', calendar)).toBe('yellow');
    expect(dueWarning('审查中', '2026-12-08', '2026-12-04', calendar)).toBeNull();
  });
});
