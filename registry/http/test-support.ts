/** Fixtures for the registry's CLI and HTTP API tests: this checkout's schemas, changed ways, and bootstrapped stores. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localSubgraphs } from '../../gateway/compose';
import type { ServedHttp } from '../../subgraphs/kit/http-server';
import { createAuthenticator, type Authenticator } from '../../trust/auth/authenticate';
import { testIssuer, type TestIssuer } from '../../trust/auth/test-support';
import type { RegistryStore } from '../model';
import { SchemaRegistry } from '../schema-registry';
import { SqliteRegistryStore } from '../store/sqlite-store';
import { serveRegistryApi } from './registry-api';

export const ROOT = path.resolve(__dirname, '../..');
export const SAFELIST_DIR = path.join(ROOT, 'gateway', 'persisted-operations');

/** Human Resources' schema as this checkout has it (a small subgraph; CounterView reads its employerName). */
export const HR_SDL = readFileSync(path.join(ROOT, 'subgraphs', 'human-resources', 'schema.graphql'), 'utf8');

const MONTHLY_BASE = '  monthlyBase: Float!\n';
const EMPLOYER_NAME =
  '  "The insuring employer\'s name as the Human Resources system records it; 灵活就业人员 for the self-employed."\n  employerName: String!\n';

function changed(from: string, to: string): string {
  if (!HR_SDL.includes(from)) throw new Error(`fixture: human-resources schema no longer holds ${from}`);
  return HR_SDL.replace(from, to);
}

/** A compatible change: one new, described, nullable field. */
export const HR_WITH_PENSION = changed(
  MONTHLY_BASE,
  `${MONTHLY_BASE}  "Months of pension insurance paid so far."\n  pensionMonths: Int\n`,
);
/** Breaks the counter's registered CounterView, which reads socialSecurity.employerName. */
export const HR_WITHOUT_EMPLOYER_NAME = changed(EMPLOYER_NAME, '');
/** Does not compose: Person.id is ID! in every other subgraph. */
export const HR_ID_AS_STRING = changed('  id: ID!\n', '  id: String!\n');
/** Does not parse. */
export const HR_UNPARSABLE = 'type SocialSecurity {\n  cardNumber: String!\n';

/** Who bootstrapped the template store. */
export const BOOTSTRAPPED_BY = 'bootstrap-test';

/**
 * An SQLite registry at `file` bootstrapped with this checkout's subgraphs and channel manifests
 * (supergraph v1), closed, for tests to copy (bootstrapping composes 9 subgraphs; copying is instant).
 */
export async function bootstrapTemplate(file: string): Promise<void> {
  const store = SqliteRegistryStore.open(file);
  try {
    const made = await new SchemaRegistry(store).bootstrap(
      localSubgraphs(ROOT),
      BOOTSTRAPPED_BY,
      SAFELIST_DIR,
    );
    if (made?.version !== 1) throw new Error('fixture: the template registry was not empty');
  } finally {
    await store.close();
  }
}

/** A copy of the template registry at `file`, opened. */
export function storeCopy(template: string, file: string): RegistryStore {
  copyFileSync(template, file);
  return SqliteRegistryStore.open(file);
}

/** An HTTP answer of the registry API: status, parsed JSON body (undefined for text), raw text. */
export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface ApiHarness {
  /** The store of the running test (a fresh copy of the bootstrapped template). */
  readonly store: RegistryStore;
  readonly idp: TestIssuer;
  call(
    method: string,
    route: string,
    options?: { token?: string; json?: unknown; raw?: string | Buffer; contentType?: string },
  ): Promise<Answer>;
  /** A department's or channel's pipeline token: SERVICE, client id `client`, these scopes. */
  pipeline(client: string, scope: string): Promise<string>;
}

/**
 * Registers jest hooks that serve the registry API on a free port for each test, over a fresh copy
 * of a bootstrapped SQLite registry, with tokens from a test identity provider.
 */
export function useRegistryApi(): ApiHarness {
  let dir: string;
  let template: string;
  let idp: TestIssuer;
  let authenticator: Authenticator;
  let store: RegistryStore;
  let api: ServedHttp;
  let n = 0;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'registry-api-'));
    idp = await testIssuer(dir);
    authenticator = createAuthenticator(idp.config);
    template = path.join(dir, 'template.sqlite');
    await bootstrapTemplate(template);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    store = await storeCopy(template, path.join(dir, `registry-${++n}.sqlite`));
    api = await serveRegistryApi({ registry: new SchemaRegistry(store), authenticator, port: 0 });
  });
  afterEach(async () => {
    await api.close();
    await store.close();
  });
  return {
    get store() {
      return store;
    },
    get idp() {
      return idp;
    },
    pipeline: (client, scope) => idp.token({ role: 'service', sub: client, client_id: client, scope }),
    async call(method, route, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | Buffer | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      }
      if (options.raw !== undefined) {
        body = options.raw;
        headers['content-type'] = options.contentType ?? 'application/json';
      }
      const res = await fetch(`http://127.0.0.1:${api.port}${route}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        // text/plain answers (the SDL routes)
      }
      return { status: res.status, body: parsed, text };
    },
  };
}
