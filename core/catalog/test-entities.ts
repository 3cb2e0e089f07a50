/** Minimal valid catalog entities for tests: each test changes or breaks one thing at a time. */

export const T = (zh: string, en = zh) => ({ zh, en });
export const dept = (code: string) => ({ code, name: T(code) });
export const stage = (code: string, lifecycle = '个人') => ({ code, lifecycle, name: T(code), icon: 'dot' });
export const field = (key: string, extra: object = {}) => ({ key, label: T(key), type: 'text', sources: [{ type: 'citizen' }], ...extra });
export const material = (code: string) => ({ code, name: T(code), sources: [{ type: 'applicant' }] });
export const item = (code: string, extra: object = {}) => ({
  code,
  name: T(code),
  department: 'd1',
  kind: '公共服务',
  legalBasis: ['basis'],
  conditions: [],
  materials: [],
  fields: [],
  timeLimit: { statutoryDays: null, promisedDays: 1 },
  fee: { type: 'free' },
  result: { name: T('result'), type: 'registration' },
  delivery: ['窗口领取'],
  steps: [T('step')],
  place: T('place'),
  hours: T('hours'),
  phones: { consult: '12345', complaint: '12345' },
  ...extra,
});
