import type { HttpMockRequest } from '../kit/http-mock';
import { FhirError, splitOr } from './outcome';
import type { PageStore } from './page-store';
import { identifierKey, type HealthRecords, type Resource } from './resources';

/** Page size when the client gives no `_count`, and the most it may ask for (larger values are clamped silently). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

/** Parameters every search accepts besides its own. */
const COMMON_PARAMS = ['_count', '_format', '_pretty'];

interface Token {
  /** undefined: any system (`value`); '': no system (`|value`). */
  system: string | undefined;
  value: string;
}

function parseToken(raw: string): Token {
  const bar = raw.indexOf('|');
  return bar < 0
    ? { system: undefined, value: raw }
    : { system: raw.slice(0, bar), value: raw.slice(bar + 1) };
}

function checkParams(req: HttpMockRequest, resourceType: string, own: string[]): void {
  const valid = [...own, ...COMMON_PARAMS];
  for (const name of new Set(req.query.keys())) {
    if (!valid.includes(name))
      throw new FhirError(
        400,
        'not-supported',
        `HAPI-0524: Unknown search parameter "${name}" for resource type "${resourceType}". Valid search parameters for this search are: [${own.join(', ')}]`,
      );
  }
}

function pageSize(req: HttpMockRequest): number {
  const raw = req.query.get('_count');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw)) throw new FhirError(400, 'invalid', `HAPI-1935: Invalid _count value: "${raw}"`);
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}

/** Every value of an OR-list parameter, each occurrence of the parameter being ANDed with the others. */
function tokenLists(req: HttpMockRequest, name: string): Token[][] {
  return req.query.getAll(name).map((v) => splitOr(v).map(parseToken));
}

function matchesIdentifier(identifiers: { system: string; value: string }[], tokens: Token[]): boolean {
  return tokens.some((t) =>
    identifiers.some((i) => i.value === t.value && (t.system === undefined || t.system === i.system)),
  );
}

/** Renders a searchset Bundle for one page of `resources`, storing the rest for the `next` link. */
export function searchBundle(
  base: string,
  selfUrl: string,
  resources: Resource[],
  count: number,
  store: PageStore,
  offset = 0,
  searchId?: string,
): Resource {
  const page = resources.slice(offset, offset + count);
  const link: { relation: string; url: string }[] = [{ relation: 'self', url: selfUrl }];
  if (offset + count < resources.length && count > 0) {
    const id = searchId ?? store.put(resources);
    link.push({
      relation: 'next',
      url: `${base}/fhir?_getpages=${id}&_getpagesoffset=${offset + count}&_count=${count}&_bundletype=searchset`,
    });
  }
  if (offset > 0 && searchId) {
    link.push({
      relation: 'previous',
      url: `${base}/fhir?_getpages=${searchId}&_getpagesoffset=${Math.max(0, offset - count)}&_count=${count}&_bundletype=searchset`,
    });
  }
  const bundle: Resource = {
    resourceType: 'Bundle',
    id: `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`,
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    total: resources.length,
    link,
  };
  // Like HAPI, an empty page has no `entry` at all.
  if (page.length > 0) {
    bundle.entry = page.map((r) => ({
      fullUrl: `${base}/fhir/${r.resourceType}/${r.id}`,
      resource: r,
      search: { mode: 'match' },
    }));
  }
  return bundle;
}

/** GET /fhir/DocumentReference?subject:identifier=S|V,S|V&type=...&status=...&_count=n */
export function searchDocuments(
  records: HealthRecords,
  req: HttpMockRequest,
): { resources: Resource[]; count: number } {
  checkParams(req, 'DocumentReference', ['subject:identifier', 'type', 'status']);
  const count = pageSize(req);
  const subjects = tokenLists(req, 'subject:identifier');
  if (subjects.length === 0)
    throw new FhirError(
      400,
      'required',
      'HAPI-2233: DocumentReference searches on this server require subject:identifier',
    );
  // Candidates from the first subject list (an index lookup), then every other criterion filters them.
  const seen = new Set<string>();
  const candidates: Resource[] = [];
  for (const t of subjects[0]!) {
    const docs =
      t.system === undefined
        ? records.documents.filter(
            (d) => (d.subject as { identifier: { value: string } }).identifier.value === t.value,
          )
        : (records.documentsBySubject.get(identifierKey({ system: t.system, value: t.value })) ?? []);
    for (const d of docs) {
      if (!seen.has(d.id)) {
        seen.add(d.id);
        candidates.push(d);
      }
    }
  }
  const types = tokenLists(req, 'type');
  const statuses = req.query.getAll('status').map(splitOr);
  const resources = candidates.filter((d) => {
    const subjectId = [(d.subject as { identifier: { system: string; value: string } }).identifier];
    const codings = (d.type as { coding: { system: string; code: string }[] }).coding.map((c) => ({
      system: c.system,
      value: c.code,
    }));
    return (
      subjects.every((list) => matchesIdentifier(subjectId, list)) &&
      types.every((list) => matchesIdentifier(codings, list)) &&
      statuses.every((list) => list.includes(d.status as string))
    );
  });
  return { resources, count };
}

/** GET /fhir/Patient?identifier=S|V,S|V and GET /fhir/Organization?identifier=S|V */
export function searchByIdentifier(
  resourceType: 'Patient' | 'Organization',
  all: Map<string, Resource>,
  req: HttpMockRequest,
): { resources: Resource[]; count: number } {
  checkParams(req, resourceType, ['identifier', '_id']);
  const count = pageSize(req);
  const identifierLists = tokenLists(req, 'identifier');
  const ids = req.query.getAll('_id').map(splitOr);
  if (identifierLists.length === 0 && ids.length === 0)
    throw new FhirError(
      400,
      'required',
      `HAPI-2233: ${resourceType} searches on this server require identifier or _id`,
    );
  const resources = [...all.values()].filter(
    (r) =>
      identifierLists.every((list) =>
        matchesIdentifier(r.identifier as { system: string; value: string }[], list),
      ) && ids.every((list) => list.includes(r.id)),
  );
  return { resources, count };
}
