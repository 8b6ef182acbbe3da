import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { DataLayerError } from '../../adapters/kit/errors';

/** The channel apps that register operations, one manifest file each (`<channel>.json`). */
export const SAFELIST_CHANNELS = ['counter', 'portal', 'terminal', 'app'] as const;

/** `off`: any operation text runs, a registered id is expanded. `safelist`: only the channel's registered operations run. */
export type SafelistMode = 'off' | 'safelist';

/** One operation of an Apollo persisted query manifest. */
export interface PersistedOperation {
  /** sha256 of `body`, lowercase hex. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation text, with the fragments it uses. */
  body: string;
}

/** Every channel's registered operations, by id; `all` is their union (for `off` mode). */
export interface Safelist {
  readonly channels: ReadonlyMap<string, ReadonlyMap<string, PersistedOperation>>;
  readonly all: ReadonlyMap<string, PersistedOperation>;
}

/** The id of an operation text: sha256 of its UTF-8 bytes, lowercase hex (Apollo's persisted query id). */
export function operationId(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Reads and checks every manifest in `dir` (Apollo's `apollo-persisted-query-manifest` format,
 * version 1, one `<channel>.json` per channel app). Throws an Error naming the file and the
 * operation when a file is not a manifest, names an unknown channel, an id is not the sha256 of
 * its body, a body does not parse or is not exactly the one operation named, or a name or id
 * repeats. A channel without a file has no operations (refused everything in safelist mode).
 */
export function loadSafelist(dir: string): Safelist {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (e) {
    throw new Error(`cannot read the persisted operations folder ${dir}: ${(e as Error).message}`);
  }
  const channels = new Map<string, Map<string, PersistedOperation>>();
  const all = new Map<string, PersistedOperation>();
  for (const file of files.sort()) {
    const channel = file.slice(0, -'.json'.length);
    if (!(SAFELIST_CHANNELS as readonly string[]).includes(channel))
      throw new Error(
        `${path.join(dir, file)}: ${channel} is not a channel (expected ${SAFELIST_CHANNELS.join(', ')})`,
      );
    const operations = readManifest(path.join(dir, file));
    channels.set(channel, new Map(operations.map((o) => [o.id, o])));
    for (const o of operations) all.set(o.id, o);
  }
  return { channels, all };
}

/** Reads and checks one manifest file (see checkManifest); errors name the file. */
export function readManifest(file: string): PersistedOperation[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read the manifest: ${(e as Error).message}`);
  }
  return checkManifest(manifest, file);
}

/**
 * The operations of a parsed manifest, checked as loadSafelist says; errors start with `source`
 * (a file name, or what the manifest came in), then the operation.
 */
export function checkManifest(manifest: unknown, source: string): PersistedOperation[] {
  const m = manifest as { format?: unknown; version?: unknown; operations?: unknown };
  if (m?.format !== 'apollo-persisted-query-manifest' || m.version !== 1 || !Array.isArray(m.operations))
    throw new Error(
      `${source}: not a persisted query manifest (expected format "apollo-persisted-query-manifest", version 1, operations [])`,
    );
  const names = new Set<string>();
  const ids = new Set<string>();
  return m.operations.map((raw: unknown, i: number) => {
    const o = raw as Partial<PersistedOperation>;
    const where = `${source}: operations[${i}]${typeof o?.name === 'string' ? ` (${o.name})` : ''}`;
    if (typeof o?.id !== 'string' || typeof o.name !== 'string' || typeof o.body !== 'string')
      throw new Error(`${where}: id, name and body must be strings`);
    if (o.type !== 'query' && o.type !== 'mutation' && o.type !== 'subscription')
      throw new Error(`${where}: type must be query, mutation or subscription: ${String(o.type)}`);
    const expected = operationId(o.body);
    if (o.id !== expected)
      throw new Error(`${where}: id ${o.id} is not the sha256 of its body (${expected})`);
    let definitions;
    try {
      definitions = parse(o.body).definitions;
    } catch (e) {
      throw new Error(`${where}: body does not parse: ${(e as Error).message}`);
    }
    const ops = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1 || ops[0]!.name?.value !== o.name || ops[0]!.operation !== o.type)
      throw new Error(`${where}: body must hold exactly one operation, the ${o.type} ${o.name}`);
    if (names.has(o.name)) throw new Error(`${where}: the name ${o.name} is used twice`);
    if (ids.has(o.id)) throw new Error(`${where}: the same body is registered twice`);
    names.add(o.name);
    ids.add(o.id);
    return { id: o.id, name: o.name, type: o.type, body: o.body };
  });
}

/** GATEWAY_SAFELIST=on|off (on: safelist mode). @default off */
export function safelistModeFromEnv(env: NodeJS.ProcessEnv = process.env): SafelistMode {
  const raw = env.GATEWAY_SAFELIST;
  if (raw === undefined || raw === '' || raw === 'off') return 'off';
  if (raw === 'on') return 'safelist';
  throw new Error(`GATEWAY_SAFELIST must be on or off: ${raw}`);
}

/** GATEWAY_SAFELIST_DIR, else `gateway/persisted-operations` under the repository `root`. */
export function safelistDirFromEnv(env: NodeJS.ProcessEnv, root: string): string {
  return path.resolve(env.GATEWAY_SAFELIST_DIR || path.join(root, 'gateway', 'persisted-operations'));
}

type RequestBody = Record<string, unknown>;

/**
 * The GraphQL request body to execute for what a client sent on `channel`. The client names a
 * registered operation by `id`, `documentId` or `extensions.persistedQuery.sha256Hash`, or sends
 * its text as `query`.
 *
 * - `safelist`: an id must be registered for the channel, and a text runs only if its sha256 is
 *   (so the exact registered text, copied, works too); anything else is OPERATION_NOT_PERSISTED
 *   naming the channel. A channel that is not an app (`unknown`) has nothing registered.
 * - `off`: an id registered for any channel is expanded; a text runs as it is; a
 *   `persistedQuery` hash no manifest holds is left to Apollo's automatic persisted queries.
 *
 * An expanded body carries the registered text as `query` and no `id`, `documentId` or
 * `persistedQuery`. A text sent with an id must be that id's text (BAD_REQUEST otherwise). A
 * batch (array) is resolved item by item; anything else that is not an object is returned as it
 * is, for Apollo Server to refuse.
 */
export function resolvePersistedOperation(
  body: unknown,
  channel: string,
  safelist: Safelist,
  mode: SafelistMode,
): unknown {
  if (Array.isArray(body)) return body.map((b) => resolvePersistedOperation(b, channel, safelist, mode));
  if (typeof body !== 'object' || body === null) return body;
  const request = body as RequestBody;
  const { id, fromApq } = requestedId(request);
  const query = typeof request.query === 'string' ? request.query : undefined;
  if (id !== undefined) {
    const operation = (mode === 'safelist' ? safelist.channels.get(channel) : safelist.all)?.get(id);
    if (!operation) {
      if (mode === 'off' && fromApq) return body;
      throw new DataLayerError(
        'OPERATION_NOT_PERSISTED',
        mode === 'safelist'
          ? `operation ${shown(id)} is not in the safelist of channel ${channel}`
          : `no persisted operation has the id ${shown(id)}`,
      );
    }
    if (query !== undefined && operationId(query) !== id)
      throw new DataLayerError(
        'BAD_REQUEST',
        `the query text sent is not the text of operation ${shown(id)}`,
      );
    return expanded(request, operation.body);
  }
  if (mode === 'safelist' && query !== undefined && !safelist.channels.get(channel)?.has(operationId(query)))
    throw new DataLayerError(
      'OPERATION_NOT_PERSISTED',
      `the operation text is not in the safelist of channel ${channel}; send the id of a registered operation`,
    );
  return body;
}

/** The id the client names, if any. */
function requestedId(request: RequestBody): { id?: string; fromApq: boolean } {
  for (const key of ['id', 'documentId'] as const) {
    const v = request[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new DataLayerError('BAD_REQUEST', `${key} must be a string`);
    return { id: v, fromApq: false };
  }
  const apq = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  if (apq && typeof apq === 'object' && typeof apq.sha256Hash === 'string')
    return { id: apq.sha256Hash, fromApq: true };
  return { fromApq: false };
}

/** An id as error messages repeat it: a sha256 is 64 characters, anything longer is cut. */
function shown(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id;
}

function expanded(request: RequestBody, query: string): RequestBody {
  const { id: _id, documentId: _documentId, extensions, ...rest } = request;
  const out: RequestBody = { ...rest, query };
  if (extensions && typeof extensions === 'object') {
    const { persistedQuery: _pq, ...others } = extensions as Record<string, unknown>;
    if (Object.keys(others).length > 0) out.extensions = others;
  }
  return out;
}

/**
 * The same for a GET request, whose operation travels in the URL (`?query=`, `?id=`,
 * `?extensions={"persistedQuery":…}`): returns the search string to hand Apollo. Without it, a
 * GET would carry any text past the safelist.
 */
export function resolvePersistedSearch(
  search: string,
  channel: string,
  safelist: Safelist,
  mode: SafelistMode,
): string {
  const params = new URLSearchParams(search);
  const request: RequestBody = {};
  for (const key of ['query', 'id', 'documentId'] as const) {
    const v = params.get(key);
    if (v !== null) request[key] = v;
  }
  const rawExtensions = params.get('extensions');
  if (rawExtensions !== null) {
    try {
      request.extensions = JSON.parse(rawExtensions);
    } catch {
      // Apollo Server refuses malformed `extensions` itself; the text, if any, is still checked.
    }
  }
  const resolved = resolvePersistedOperation(request, channel, safelist, mode) as RequestBody;
  if (resolved === request) return search;
  params.delete('id');
  params.delete('documentId');
  params.set('query', resolved.query as string);
  if (resolved.extensions) params.set('extensions', JSON.stringify(resolved.extensions));
  else params.delete('extensions');
  const out = params.toString();
  return out ? `?${out}` : '';
}
