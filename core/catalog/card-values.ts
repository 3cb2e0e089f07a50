import type { CardField } from './schema';
import type { Identity } from '../identity';

/** The card's fields as the composition engine's `card` source names them (dates as YYYY-MM-DD). */
export function cardValuesOf(identity: Identity): Partial<Record<CardField, string>> {
  const b = identity.birthDate;
  return {
    name: identity.name,
    sex: identity.sex,
    nation: identity.nation,
    birthDate: `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`,
    address: identity.address,
    idNumber: identity.idNumber,
  };
}
