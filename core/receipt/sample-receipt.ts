import type { AcceptanceReceipt } from './acceptance-receipt';

/** A receipt for tests: fictional applicant, already masked as receipts require. */
export const sampleReceipt: AcceptanceReceipt = {
  terminalId: 'ZW-0042',
  acceptanceNumber: 'SL20250630000123',
  bundleName: '我要开餐馆',
  applicantMasked: '张*  110101********1234',
  items: [
    { name: '食品经营许可', department: '市市场监督管理局', promisedDate: '2025-07-10' },
    { name: '公众聚集场所消防安全检查', department: '市消防救援支队', promisedDate: '2025-07-08' },
  ],
  promisedDate: '2025-07-10',
  delivery: 'mail',
  deliveryDetail: '浙江省杭州市西湖区****',
  // 23:30 UTC is already the next morning in Beijing, and still the previous afternoon in Anchorage.
  submittedAt: '2025-06-30T23:30:00Z',
  trackUrl: 'https://zwfw.example.gov.cn/track?no=SL20250630000123',
  hallPhone: '0571-12345',
};
