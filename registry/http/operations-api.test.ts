import { readFileSync } from 'node:fs';
import path from 'node:path';
import { operationId } from '../../gateway/limits/safelist';
import { SAFELIST_DIR, useRegistryApi } from './test-support';

const api = useRegistryApi();

const portalManifest = JSON.parse(readFileSync(path.join(SAFELIST_DIR, 'portal.json'), 'utf8')) as {
  format: string;
  version: number;
  operations: { id: string; name: string; type: string; body: string }[];
};

function manifest(operations: { name: string; type?: string; body: string; id?: string }[]) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map((o) => ({ id: o.id ?? operationId(o.body), type: o.type ?? 'query', ...o })),
  };
}

const PORTAL = () => api.pipeline('ci-portal', 'registry:operations:portal');
const registeredNames = async (channel: string) =>
  (await api.store.registeredOperations(channel)).map((o) => o.name).sort();

describe('registry API: operations', () => {
  it('replaces a channel’s registered operations with a manifest, recording the pipeline client', async () => {
    const one = portalManifest.operations.filter((o) => o.name === 'PersonCases');
    const answer = await api.call('PUT', '/v1/operations/portal', {
      token: await PORTAL(),
      json: { ...portalManifest, operations: one },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ channel: 'portal', registered: 1 });
    const listed = await api.call('GET', '/v1/operations?channel=portal', { token: await PORTAL() });
    expect(listed.body.operations).toEqual([
      expect.objectContaining({
        channel: 'portal',
        name: 'PersonCases',
        registeredBy: 'ci-portal',
        id: one[0]!.id,
      }),
    ]);
  });

  it('refuses an operation that does not validate against the current supergraph (422), keeping the old ones', async () => {
    const before = await registeredNames('portal');
    expect(before).toEqual(['MattersCatalogue', 'PersonCases', 'SubmitCase']);
    const answer = await api.call('PUT', '/v1/operations/portal', {
      token: await PORTAL(),
      json: manifest([{ name: 'Ghost', body: 'query Ghost { ghost }' }]),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('OPERATION_INVALID');
    expect(answer.body.error.message).toContain('"Ghost"');
    expect(await registeredNames('portal')).toEqual(before);
  });

  it('refuses a manifest that is not one (400 BAD_REQUEST) and an id that is not the body’s sha256', async () => {
    const token = await PORTAL();
    const notManifest = await api.call('PUT', '/v1/operations/portal', { token, json: { operations: [] } });
    expect(notManifest.status).toBe(400);
    expect(notManifest.body.error.message).toBe(
      'manifest: not a persisted query manifest (expected format "apollo-persisted-query-manifest", version 1, operations [])',
    );
    const wrongId = await api.call('PUT', '/v1/operations/portal', {
      token,
      json: manifest([{ name: 'Hello', body: 'query Hello { __typename }', id: operationId('other') }]),
    });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body.error.message).toMatch(
      /^manifest: operations\[0\] \(Hello\): id [0-9a-f]{64} is not the sha256/,
    );
    const hostileName = await api.call('PUT', '/v1/operations/portal', {
      token,
      json: manifest([{ name: '<script>', body: 'query A { __typename }' }]),
    });
    expect(hostileName.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'manifest: operations[0]: name must be a GraphQL operation name',
    });
    expect(await registeredNames('portal')).toEqual(['MattersCatalogue', 'PersonCases', 'SubmitCase']);
  });

  it('refuses another channel’s pipeline with 403', async () => {
    const answer = await api.call('PUT', '/v1/operations/counter', {
      token: await PORTAL(),
      json: manifest([{ name: 'A', body: 'query A { __typename }' }]),
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toBe(
      'registering operations for counter needs the scope "registry:operations:counter"',
    );
    expect((await registeredNames('counter')).length).toBeGreaterThan(0);
  });
});

describe('registry API: request bodies', () => {
  const HR = () => api.pipeline('ci-human-resources', 'registry:publish:human-resources');
  const route = '/v1/subgraphs/human-resources/check';

  it('takes JSON only: another content type or a body that does not parse is 400 BAD_REQUEST', async () => {
    const token = await HR();
    const text = await api.call('POST', route, {
      token,
      raw: 'type Query { a: Int }',
      contentType: 'text/plain',
    });
    expect(text.status).toBe(400);
    expect(text.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'send a JSON body with content-type: application/json',
    });
    const broken = await api.call('POST', route, { token, raw: '{"sdl": ' });
    expect(broken.body.error).toEqual({ code: 'BAD_REQUEST', message: 'request body is not valid JSON' });
    const noSdl = await api.call('POST', route, { token, json: { schema: 'type Query { a: Int }' } });
    expect(noSdl.body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'sdl must be a string: the subgraph schema (SDL)',
    });
  });

  it('refuses a body over 1 MiB with 413 REQUEST_TOO_LARGE', async () => {
    const answer = await api.call('POST', route, {
      token: await HR(),
      raw: JSON.stringify({ sdl: 'x'.repeat(1_048_577) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('REQUEST_TOO_LARGE');
  });

  it('refuses a url that is not http(s) with 400 INVALID_ARGUMENT', async () => {
    const answer = await api.call('POST', route, {
      token: await HR(),
      json: { sdl: 'type Query { a: Int }', url: 'file:///etc/passwd' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
  });
});
