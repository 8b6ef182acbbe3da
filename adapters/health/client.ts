import { DataLayerError, quoted } from '../kit/errors';
import type { HttpUpstream } from '../kit/http-upstream';
import type { AdapterContext } from '../kit/operation';
import { readSearchPage, type FhirResource } from './bundle';
import { badReply, readFhirReply } from './errors';
import { tokenValue, type FhirIdentifier } from './identifiers';
import { DEPARTMENT } from './vocabulary';

export interface FhirClientOptions {
  /** Path of the FHIR base without a trailing slash, e.g. `/fhir` (empty at the root). */
  basePath: string;
  /** `_count` of every search. */
  pageSize: number;
  /** Most pages followed for one search. */
  maxPages: number;
}

/**
 * A search parameter's value: text, sent as it is, or identifiers the client OR-s into one token
 * list (`system|value,system|value`) after checking that none holds a separator.
 */
export type SearchValue = string | readonly FhirIdentifier[];

/** Search parameters in order; names are sent as they are (`subject:identifier`), values URL-encoded. */
export type SearchParams = readonly (readonly [string, SearchValue])[];

/**
 * What an identifier's system or value may not hold: the token search syntax's `,` (OR), `|`
 * (system|value), `$` (composite) and `\` (escape), or a control character. `tokenValue`
 * escapes those four as FHIR says, but a server that reads the escapes otherwise would search
 * for something else: another person's documents among them.
 */
const NOT_IN_AN_IDENTIFIER = /[\p{Cc},|$\\]/u;

/**
 * The identifiers as one OR-list, or INVALID_ARGUMENT (before any request) for one holding a
 * separator or a control character. The adapter validates every key first (`parseIdentity`,
 * `parseUscc`); this stands behind that, for a caller that skipped it.
 */
function tokenList(param: string, identifiers: readonly FhirIdentifier[]): string {
  for (const identifier of identifiers)
    for (const part of [identifier.system, identifier.value])
      if (NOT_IN_AN_IDENTIFIER.test(part))
        throw new DataLayerError(
          'INVALID_ARGUMENT',
          `${DEPARTMENT}: ${param} ${quoted(part)} holds a FHIR search separator (, | $ \\) or a control character, which would change what is searched for`,
          { department: DEPARTMENT },
        );
  return identifiers.map(tokenValue).join(',');
}

const FHIR_JSON = 'application/fhir+json';

/**
 * The FHIR searches the adapter makes, over one pooled HttpUpstream: a type search and
 * then every `next` page, each checked to be a searchset Bundle of the type asked for.
 */
export class FhirClient {
  constructor(
    private readonly upstream: HttpUpstream,
    private readonly options: FhirClientOptions,
  ) {}

  /**
   * All matches of `GET <base>/<resourceType>?<params>&_count=<pageSize>`, following `next` links.
   * INVALID_ARGUMENT, asking nothing, for an identifier holding a separator or a control character.
   */
  async search(resourceType: string, params: SearchParams, ctx: AdapterContext): Promise<FhirResource[]> {
    const what = `${resourceType} search`;
    const query = [...params, ['_count', String(this.options.pageSize)] as const]
      .map(([name, value]) => [name, typeof value === 'string' ? value : tokenList(name, value)] as const)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('&');
    let path: string | undefined = `${this.options.basePath}/${resourceType}?${query}`;
    const seen = new Set<string>();
    const resources: FhirResource[] = [];
    for (let pages = 0; path !== undefined; pages++) {
      if (pages === this.options.maxPages) throw badReply(what, `more than ${this.options.maxPages} pages`);
      seen.add(path);
      const page = readSearchPage(await this.get(path, ctx, what), resourceType, what);
      resources.push(...page.resources);
      path = page.next === undefined ? undefined : this.nextPath(page.next, what);
      if (path !== undefined && seen.has(path))
        throw badReply(what, 'a next link points back to a page already read');
    }
    return resources;
  }

  /** Reads the CapabilityStatement: is the server there and speaking FHIR? */
  async capabilities(ctx: AdapterContext): Promise<boolean> {
    const body = await this.get(`${this.options.basePath}/metadata`, ctx, 'metadata');
    return (
      typeof body === 'object' &&
      body !== null &&
      (body as { resourceType?: unknown }).resourceType === 'CapabilityStatement'
    );
  }

  private async get(path: string, ctx: AdapterContext, what: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: FHIR_JSON };
    // HAPI-style servers log X-Request-ID, so the Commission can find our calls by trace id.
    if (ctx.traceId) headers['x-request-id'] = ctx.traceId;
    const reply = await this.upstream.request({ method: 'GET', path, headers, scope: ctx });
    return readFhirReply(reply, what);
  }

  /**
   * The path of a `next` link on our own upstream. The server writes absolute URLs with the
   * base it believes it has (behind the intranet gateway that is often an internal host name),
   * so only the path and query are kept; a link outside the FHIR base is malformed.
   */
  private nextPath(link: string, what: string): string {
    let url: URL;
    try {
      url = new URL(link, 'http://fhir.invalid');
    } catch {
      throw badReply(what, `next link ${JSON.stringify(link)} is not a URL`);
    }
    const base = this.options.basePath;
    if (base && url.pathname !== base && !url.pathname.startsWith(`${base}/`))
      throw badReply(what, `next link ${JSON.stringify(link)} is outside ${base}`);
    return url.pathname + url.search;
  }
}
