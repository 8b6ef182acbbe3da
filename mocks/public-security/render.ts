import type { Registry, RegistryRecord } from './records';
import { ZJLX } from './legacy-codes';
import { el } from './soap';
import type { Condition } from './request';

/** Return codes per record (返回代码, FHDM). */
export const FHDM = { FOUND: '0000', NOT_FOUND: '0001', BAD_CONDITION: '0002' } as const;

const KNOWN_ZJLX = new Set<string>(Object.values(ZJLX));

function person(r: RegistryRecord): string {
  return (
    '<hj:RYXX>' +
    el('ZJLX', r.ZJLX) +
    el('ZJHM', r.ZJHM) +
    el('GJDQ', r.GJDQ) +
    el('XM', r.XM) +
    el('YWXM', r.YWXM) +
    el('XB', r.XB) +
    el('CSRQ', r.CSRQ) +
    el('HJDZ', r.HJDZ) +
    el('FQSFZH', r.FQSFZH) +
    el('MQSFZH', r.MQSFZH) +
    `<hj:ZNSFZHLB>${r.ZNSFZH.map((c) => el('ZNSFZH', c)).join('')}</hj:ZNSFZHLB>` +
    '</hj:RYXX>'
  );
}

/** One result (结果, JG): sequence number, return code and message, and the record when found. */
export function result(registry: Registry, c: Condition, xh: number): string {
  const head = el('XH', String(xh));
  if (!KNOWN_ZJLX.has(c.ZJLX) || !c.ZJHM || (c.ZJLX === ZJLX.PASSPORT && !c.GJDQ)) {
    return `<hj:JG>${head}${el('FHDM', FHDM.BAD_CONDITION)}${el('FHXX', '查询条件不完整或证件类型代码无效')}</hj:JG>`;
  }
  const r = registry.find(c.ZJLX, c.ZJHM, c.GJDQ);
  if (!r) return `<hj:JG>${head}${el('FHDM', FHDM.NOT_FOUND)}${el('FHXX', '查无此人')}</hj:JG>`;
  return `<hj:JG>${head}${el('FHDM', FHDM.FOUND)}${el('FHXX', '查询成功')}${person(r)}</hj:JG>`;
}
