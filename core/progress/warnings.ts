/**
 * 黄牌/红牌预警 for 进度查询: an item not yet finished is red once its due date has passed, and yellow
 * when the due date is within one working day (today or the next working day). Finished items
 * (已办结, 待领取, 已邮寄) and refused ones (不予受理) carry no warning; 需补正 waits on the citizen but
 * still shows how close the promised date is.
 */
import type { Stage } from '../protocol/messages';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days';

export type DueWarning = 'red' | 'yellow' | null;

const finished: readonly Stage[] = ['已办结', '待领取', '已邮寄', '不予受理'];

export function dueWarning(stage: Stage, dueDate: string, today: string, calendar: WorkingCalendar): DueWarning {
  if (finished.includes(stage)) return null;
  if (today > dueDate) return 'red';
  const nextWorkingDay = addWorkingDays(today, 1, calendar).date;
  return dueDate <= nextWorkingDay ? 'yellow' : null;
}
