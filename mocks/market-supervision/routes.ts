import type { WCompany, WorldIndex } from '../data/world';
import type { HttpMockReply, HttpMockRequest } from '../kit/http-mock';
import { badRequest, envelope, LEGACY_CODES, ok } from './envelope';
import { commaList, MAX_VALUES, pageOf, readPaging } from './paging';
import { enterpriseRecord, isLicense, licenseRecord, type LicenseRecord } from './records';

const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const ID_FORMAT = /^[0-9A-Za-z-]{5,32}$/;

/** The operation a request is for, as the counters name it. */
export function operationOf(req: HttpMockRequest): string {
  if (req.path === '/api/v2/health') return 'health';
  if (req.path === '/api/v2/licenses') return 'licenses.byUscc';
  if (req.path === '/api/v2/enterprises')
    return req.query.has('legal_rep_id_no') ? 'enterprises.byLegalRep' : 'enterprises.byUscc';
  return 'unknown';
}

/**
 * Keys a request asks for. A query's keys are counted once, on its first page: the
 * following pages carry the same list again but ask for nothing new.
 */
export function keysOf(req: HttpMockRequest): number {
  const page = req.query.get('page');
  if (page !== null && page !== '1') return 0;
  const name = req.query.has('legal_rep_id_no') ? 'legal_rep_id_no' : 'uscc';
  return Math.max(1, commaList(req.query, name).length);
}

/** Reads a comma list parameter and checks every value, or the 400 the registry gives. */
function values(req: HttpMockRequest, name: string, format: RegExp): string[] | HttpMockReply {
  const list = commaList(req.query, name);
  if (list.length === 0) return badRequest(LEGACY_CODES.MISSING_PARAMETER, `缺少查询参数 ${name}`);
  if (list.length > MAX_VALUES)
    return badRequest(LEGACY_CODES.TOO_MANY_VALUES, `${name} 最多 ${MAX_VALUES} 个: ${list.length}`);
  const bad = list.find((v) => !format.test(v));
  if (bad !== undefined) return badRequest(LEGACY_CODES.MALFORMED_VALUE, `${name} 格式错误: ${bad}`);
  return [...new Set(list)].sort();
}

function byUscc(a: WCompany, b: WCompany): number {
  return a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;
}

/** The registry's REST API over the world: enterprises by code or legal representative, licences by code. */
export function createRoutes(world: WorldIndex): (req: HttpMockRequest) => HttpMockReply {
  const enterprises = (req: HttpMockRequest): HttpMockReply => {
    const paging = readPaging(req.query);
    if ('status' in paging) return paging;
    if (req.query.has('uscc') && req.query.has('legal_rep_id_no'))
      return badRequest(LEGACY_CODES.MISSING_PARAMETER, 'uscc 与 legal_rep_id_no 只能提供一个');
    let companies: WCompany[];
    if (req.query.has('legal_rep_id_no')) {
      const ids = values(req, 'legal_rep_id_no', ID_FORMAT);
      if (!Array.isArray(ids)) return ids;
      // The registry matches ids case-insensitively: old records keep a lower-case check character x.
      companies = [...new Set(ids.map((id) => id.toUpperCase()))].flatMap(
        (id) => world.companiesByLegalRep.get(id) ?? [],
      );
    } else {
      const usccs = values(req, 'uscc', USCC_FORMAT);
      if (!Array.isArray(usccs)) return usccs;
      companies = usccs.flatMap((u) => world.companyByUscc.get(u) ?? []);
    }
    return ok(
      pageOf(
        companies.sort(byUscc).map((c) => enterpriseRecord(world, c)),
        paging,
      ),
    );
  };

  const licenses = (req: HttpMockRequest): HttpMockReply => {
    const paging = readPaging(req.query);
    if ('status' in paging) return paging;
    const usccs = values(req, 'uscc', USCC_FORMAT);
    if (!Array.isArray(usccs)) return usccs;
    const records: LicenseRecord[] = usccs.flatMap((u) =>
      (world.certificatesByHolder.get(u) ?? []).filter(isLicense).map(licenseRecord),
    );
    return ok(pageOf(records, paging));
  };

  return (req) => {
    const route =
      req.path === '/api/v2/enterprises'
        ? enterprises
        : req.path === '/api/v2/licenses'
          ? licenses
          : req.path === '/api/v2/health'
            ? () => ok({ status: 'UP' })
            : undefined;
    if (!route) return envelope(404, LEGACY_CODES.NO_SUCH_API, `接口不存在: ${req.path}`, null);
    if (req.method !== 'GET')
      return envelope(405, LEGACY_CODES.METHOD_NOT_ALLOWED, `不支持的请求方法: ${req.method}`, null);
    return route(req);
  };
}
