import { badReply } from './errors';

/** A FHIR resource as received: checked only for its `resourceType` here, field by field in mapping. */
export type FhirResource = { resourceType: string } & Record<string, unknown>;

/** One page of a search: its matches, and where the next page is (absent on the last). */
export interface SearchPage {
  resources: FhirResource[];
  next: string | undefined;
  total: number | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks that `body` is a searchset Bundle whose matches are all `resourceType` and returns
 * them with the `next` link. Entries in `outcome` mode (warnings the server adds as
 * OperationOutcome entries) and `include` mode are left out. Anything else is BAD_LEGACY_REPLY.
 */
export function readSearchPage(body: unknown, resourceType: string, what: string): SearchPage {
  if (!isObject(body)) throw badReply(what, 'not a JSON object');
  if (body.resourceType !== 'Bundle')
    throw badReply(what, `resourceType ${JSON.stringify(body.resourceType)}, expected Bundle`);
  if (body.type !== 'searchset')
    throw badReply(what, `Bundle.type ${JSON.stringify(body.type)}, expected searchset`);
  const total = body.total;
  if (total !== undefined && !(typeof total === 'number' && Number.isInteger(total) && total >= 0))
    throw badReply(what, `Bundle.total ${JSON.stringify(total)}`);
  const links = body.link ?? [];
  if (!Array.isArray(links)) throw badReply(what, 'Bundle.link is not an array');
  let next: string | undefined;
  for (const l of links) {
    if (!isObject(l) || typeof l.relation !== 'string' || typeof l.url !== 'string')
      throw badReply(what, 'Bundle.link entry without relation and url');
    if (l.relation === 'next') next = l.url;
  }
  // An empty page has no `entry` at all.
  const entries = body.entry ?? [];
  if (!Array.isArray(entries)) throw badReply(what, 'Bundle.entry is not an array');
  const resources: FhirResource[] = [];
  for (const e of entries) {
    if (!isObject(e) || !isObject(e.resource) || typeof e.resource.resourceType !== 'string')
      throw badReply(what, 'Bundle.entry without a resource');
    const mode = isObject(e.search) ? e.search.mode : undefined;
    if (mode === 'outcome' || mode === 'include') continue;
    if (e.resource.resourceType !== resourceType)
      throw badReply(what, `entry of resourceType ${e.resource.resourceType}, expected ${resourceType}`);
    resources.push(e.resource as FhirResource);
  }
  return { resources, next, total: total as number | undefined };
}
