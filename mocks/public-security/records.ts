import type { WorldIndex, WPerson } from '../data/world';
import { recordKey, xbOf, zjlxOf } from './legacy-codes';

/** One person as the household registry holds it (人员信息, RYXX). */
export interface RegistryRecord {
  ZJLX: string;
  ZJHM: string;
  GJDQ: string;
  XM: string;
  YWXM: string | null;
  XB: string;
  /** yyyyMMdd */
  CSRQ: string;
  HJDZ: string | null;
  FQSFZH: string | null;
  MQSFZH: string | null;
  ZNSFZH: string[];
}

/** The registry: records filed by document type + number (+ country for passports). */
export interface Registry {
  find(zjlx: string, zjhm: string, gjdq: string | undefined): RegistryRecord | undefined;
}

const registries = new WeakMap<WorldIndex, Registry>();

// The registry links relatives by identity number (身份证号); relatives known only by another
// document (a foreign passport) are kept by exit-entry and are not linked here.
const ID_NUMBER = /^\d{17}[\dX]$/;
const relative = (id: string | undefined): string | null => (id && ID_NUMBER.test(id) ? id : null);

function toRecord(p: WPerson, children: string[]): RegistryRecord {
  return {
    ZJLX: zjlxOf(p.documentType, p.documentNumber),
    ZJHM: p.documentNumber,
    GJDQ: p.nationality,
    XM: p.name,
    YWXM: p.nameLatin ?? null,
    XB: xbOf(p.sex),
    CSRQ: p.birthDate.replace(/-/g, ''),
    HJDZ: p.householdAddress,
    FQSFZH: relative(p.fatherId),
    MQSFZH: relative(p.motherId),
    ZNSFZH: children.filter((c) => ID_NUMBER.test(c)),
  };
}

/** Projects the world into the registry once per world (children derived from fatherId/motherId). */
export function registryOf(world: WorldIndex): Registry {
  let registry = registries.get(world);
  if (registry) return registry;
  const children = new Map<string, string[]>();
  for (const p of world.world.people) {
    for (const parent of [p.fatherId, p.motherId]) {
      if (parent) children.set(parent, [...(children.get(parent) ?? []), p.id]);
    }
  }
  const byKey = new Map<string, RegistryRecord>();
  for (const p of world.world.people) {
    const r = toRecord(p, children.get(p.id) ?? []);
    byKey.set(recordKey(r.ZJLX, r.ZJHM, r.GJDQ), r);
  }
  registry = { find: (zjlx, zjhm, gjdq) => byKey.get(recordKey(zjlx, zjhm, gjdq)) };
  registries.set(world, registry);
  return registry;
}
