/**
 * Fictional identities for the simulated card reader (trainers, demos, tests). The ID numbers carry
 * valid ISO 7064 check digits but belong to nobody. The local platform holds matching shared data
 * and e-licences (platform/local-shared-data.ts), so pre-filling can be seen working.
 */
import type { Identity } from '../../../../core/identity';

export const identityPresets = {
  /** A mother registering her newborn: married, hukou in Heping district. */
  resident: {
    cardType: 'resident', name: '王芳', sex: '2', nation: '01', birthDate: '19920315',
    address: '天津市和平区南京路128号3门501', idNumber: '120101199203150026',
    issuer: '天津市公安局和平分局', validFrom: '20200601', validTo: '20400601',
  },
  /** Her husband. */
  father: {
    cardType: 'resident', name: '张伟', sex: '1', nation: '01', birthDate: '19900520',
    address: '天津市和平区南京路128号3门501', idNumber: '120101199005204513',
    issuer: '天津市公安局和平分局', validFrom: '20180312', validTo: '20380312',
  },
  /** An 81-year-old, for elder-mode walkthroughs. */
  elder: {
    cardType: 'resident', name: '刘桂兰', sex: '2', nation: '03', birthDate: '19450812',
    address: '天津市河西区友谊路36号2门101', idNumber: '120102194508120040',
    issuer: '天津市公安局河西分局', validFrom: '20100708', validTo: '长期',
  },
  /** A factory worker reaching retirement age (退休一件事): employer and pension account are on record. */
  retiree: {
    cardType: 'resident', name: '陈建国', sex: '1', nation: '01', birthDate: '19660305',
    address: '天津市南开区鞍山西道210号4门302', idNumber: '120104196603052113',
    issuer: '天津市公安局南开分局', validFrom: '20160305', validTo: '长期',
  },
  /** A name with a character outside GBK (生僻字) — receipts must fall back to raster for it. */
  'rare-name': {
    cardType: 'resident', name: '陈𬌗', sex: '1', nation: '01', birthDate: '19850101',
    address: '天津市南开区鞍山西道88号', idNumber: '120103198501011233',
    issuer: '天津市公安局南开分局', validFrom: '20150101', validTo: '20350101',
  },
  /** A card whose validity ended: the kiosk must refuse it with a clear message. */
  expired: {
    cardType: 'resident', name: '赵强', sex: '1', nation: '01', birthDate: '19880707',
    address: '广东省中山市石岐区孙文中路1号', idNumber: '442000198807073017',
    issuer: '中山市公安局', validFrom: '20060101', validTo: '20160101',
  },
  /** A Hong Kong resident holding a 港澳台居民居住证 (card type flag 'J'). */
  'hk-resident': {
    cardType: 'hk-mo-tw-residence', name: '李嘉明', sex: '1', nation: '', birthDate: '19870415',
    address: '天津市和平区南京路200号5门302', idNumber: '810000198704150021',
    issuer: '天津市公安局和平分局', validFrom: '20220301', validTo: '20270301', passNumber: 'H12345678',
  },
  /** A Canadian holding a 外国人永久居留身份证 (2023 edition, flag 'Y'). */
  foreigner: {
    cardType: 'foreign-permanent', name: '马丽雅', englishName: 'MARTIN, MARIA ELENA', sex: '2', nation: '',
    birthDate: '19850612', address: '', idNumber: '912124198506120018', issuer: '',
    validFrom: '20240110', validTo: '20340110', nationality: 'CAN',
  },
} satisfies Record<string, Identity>;

export type IdentityPresetName = keyof typeof identityPresets;

export const isPresetName = (name: string): name is IdentityPresetName => Object.hasOwn(identityPresets, name);
