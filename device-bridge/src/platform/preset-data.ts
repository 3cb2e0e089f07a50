/**
 * Shared data (共享数据) and e-licences (电子证照) the local back office holds for the simulator's
 * fictional preset identities, so that pre-filling and 免提交 can be seen working.
 */
import { identityPresets } from '../devices/idcard/presets';
import type { KnownData } from './platform';

export const presetKnownData: Record<string, KnownData> = {
  [identityPresets.resident.idNumber]: {
    shared: {
      'contact.phone': '13812345678',
      'marriage.spouseName': identityPresets.father.name,
      'marriage.spouseIdNumber': identityPresets.father.idNumber,
      'birth.sex': '2',
      'birth.date': '2026-11-18',
      'birth.hospital': '天津市和平区妇产科医院',
      // The bank account linked to her social security card (社会保障卡金融账户).
      'bank.account': '6217001234567890123',
      // 户籍信息 of her husband (公安 population register, shared with the 户口迁移 item).
      'hukou.spouseAddress': identityPresets.father.address,
    },
    eLicences: ['居民身份证', '居民户口簿', '结婚证'],
  },
  [identityPresets.father.idNumber]: {
    shared: {
      'contact.phone': '13987654321',
      'marriage.spouseName': identityPresets.resident.name,
      'marriage.spouseIdNumber': identityPresets.resident.idNumber,
      'hukou.spouseAddress': identityPresets.resident.address,
      'birth.sex': '2',
      'birth.date': '2026-11-18',
      'birth.hospital': '天津市和平区妇产科医院',
    },
    eLicences: ['居民身份证', '居民户口簿', '结婚证'],
  },
  [identityPresets.retiree.idNumber]: {
    shared: {
      'contact.phone': '13602223344',
      // 社会保险参保信息 (人社): the employer that pays his contributions.
      'socialInsurance.employer': '天津市南开区示例机械制造有限公司',
      // 社会保障卡金融账户: the pension is paid to the social security card's bank account.
      'bank.account': '6217002230000123456',
    },
    eLicences: ['居民身份证', '居民户口簿'],
  },
  [identityPresets.elder.idNumber]: {
    shared: { 'contact.phone': '13512340000' },
    eLicences: ['居民身份证', '居民户口簿'],
  },
};

export function knownDataFor(idNumber: string): KnownData {
  const known = presetKnownData[idNumber];
  return known ? structuredClone(known) : { shared: {}, eLicences: ['居民身份证'] };
}
