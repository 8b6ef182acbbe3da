import { generateKeyPairJwk } from '../../trust/keys/key-store';
import { mintToken, type TokenClaims } from '../../trust/auth/mint';
import { ED_KID } from '../../trust/auth/test-support';
import {
  BOOTSTRAPPED_BY,
  HR_ID_AS_STRING,
  HR_SDL,
  HR_UNPARSABLE,
  HR_WITH_PENSION,
  HR_WITHOUT_EMPLOYER_NAME,
  useRegistryApi,
} from './test-support';

const api = useRegistryApi();
const call = api.call;
const pipeline = api.pipeline;
const HR_PIPELINE = () => pipeline('ci-human-resources', 'registry:publish:human-resources');

const publish = (token: string | undefined, json: unknown, department = 'human-resources') =>
  call('POST', `/v1/subgraphs/${department}/publish`, { ...(token ? { token } : {}), json });

/** The store is as the template left it: supergraph v1, human-resources v1 only. */
async function expectUntouched(): Promise<void> {
  expect(await api.store.currentVersion()).toBe(1);
  expect((await api.store.subgraphHistory('human-resources')).map((v) => v.version)).toEqual([1]);
}

describe('registry API: publish', () => {
  it('lands a compatible change as supergraph v2, recording the pipeline client as publisher', async () => {
    const answer = await publish(await HR_PIPELINE(), { sdl: HR_WITH_PENSION });
    expect(answer.status).toBe(201);
    expect(answer.body.unchanged).toBe(false);
    expect(answer.body.supergraph).toMatchObject({
      version: 2,
      action: 'publish',
      department: 'human-resources',
      createdBy: 'ci-human-resources',
      override: null,
    });
    expect(answer.body.supergraph.members).toContainEqual({ department: 'human-resources', version: 2 });
    expect(answer.body.supergraph.sdl).toBeUndefined();
    expect(answer.body.report).toMatchObject({
      ok: true,
      problems: [],
      brokenOperations: [],
      baseVersion: 1,
    });
    expect(answer.body.report.supergraphSdl).toBeUndefined();

    const reader = await HR_PIPELINE();
    expect((await call('GET', '/v1/supergraph', { token: reader })).body.version).toBe(2);
    expect((await call('GET', '/v1/supergraph/sdl', { token: reader })).text).toContain('pensionMonths: Int');
    const history = await call('GET', '/v1/subgraphs/human-resources', { token: reader });
    expect(history.body.current).toBe(2);
    expect(
      history.body.versions.map((v: { version: number; publishedBy: string }) => [v.version, v.publishedBy]),
    ).toEqual([
      [2, 'ci-human-resources'],
      [1, BOOTSTRAPPED_BY],
    ]);
    expect((await call('GET', '/v1/subgraphs/human-resources/sdl?version=2', { token: reader })).text).toBe(
      HR_WITH_PENSION,
    );
    const members = await call('GET', '/v1/subgraphs', { token: reader });
    expect(members.body.supergraphVersion).toBe(2);
    expect(members.body.subgraphs).toHaveLength(9);
  });

  it('answers 200 unchanged when the schema is the current one, and lands nothing', async () => {
    const answer = await publish(await HR_PIPELINE(), { sdl: HR_SDL });
    expect(answer.status).toBe(200);
    expect(answer.body.unchanged).toBe(true);
    expect(answer.body.supergraph.version).toBe(1);
    await expectUntouched();
  });

  it('refuses a change that breaks a registered operation with 409, the report naming it and its owner', async () => {
    const answer = await publish(await HR_PIPELINE(), { sdl: HR_WITHOUT_EMPLOYER_NAME });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('OPERATIONS_WOULD_BREAK');
    expect(answer.body.error.message).toContain('CounterView (counter, Service centre counter team)');
    expect(answer.body.report.ok).toBe(false);
    expect(answer.body.report.brokenOperations).toEqual([
      expect.objectContaining({
        name: 'CounterView',
        client: 'counter',
        owner: 'Service centre counter team',
        source: 'registered',
      }),
    ]);
    expect(answer.body.report.changes).toContainEqual(
      expect.objectContaining({ severity: 'breaking', type: 'FIELD_REMOVED' }),
    );
    await expectUntouched();
    expect((await api.store.events(1))[0]).toMatchObject({ kind: 'refused', actor: 'ci-human-resources' });
  });

  it('refuses a schema that does not compose (422) or parse (400), naming the subgraph', async () => {
    const token = await HR_PIPELINE();
    const composition = await publish(token, { sdl: HR_ID_AS_STRING });
    expect(composition.status).toBe(422);
    expect(composition.body.error.code).toBe('COMPOSITION_FAILED');
    expect(composition.body.report.problems[0]).toMatchObject({ code: 'COMPOSITION_FAILED' });
    const unparsable = await publish(token, { sdl: HR_UNPARSABLE });
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.error.code).toBe('SCHEMA_INVALID');
    expect(unparsable.body.report.problems[0]).toMatchObject({
      code: 'SCHEMA_INVALID',
      subgraph: 'human-resources',
    });
    await expectUntouched();
  });

  it('lands a breaking change with an override only for a token holding registry:override, and records it', async () => {
    const body = {
      sdl: HR_WITHOUT_EMPLOYER_NAME,
      override: { reason: 'counter release 4.2 drops employerName' },
    };
    const refused = await publish(await HR_PIPELINE(), body);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 'FORBIDDEN',
      message: 'an override needs the scope "registry:override"',
    });
    await expectUntouched();

    const landed = await publish(
      await pipeline('platform-team', 'registry:publish:human-resources registry:override'),
      body,
    );
    expect(landed.status).toBe(201);
    expect(landed.body.supergraph.override).toEqual({
      by: 'platform-team',
      reason: 'counter release 4.2 drops employerName',
      breaks: ['counter:CounterView'],
    });
    expect((await api.store.events(2)).map((e) => e.kind)).toEqual(['publish', 'override']);
  });

  it('checks without storing anything: 200 with the report, ok or not', async () => {
    const token = await HR_PIPELINE();
    const ok = await call('POST', '/v1/subgraphs/human-resources/check', {
      token,
      json: { sdl: HR_WITH_PENSION },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ department: 'human-resources', ok: true, baseVersion: 1 });
    const broken = await call('POST', '/v1/subgraphs/human-resources/check', {
      token,
      json: { sdl: HR_WITHOUT_EMPLOYER_NAME },
    });
    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.brokenOperations.map((o: { name: string }) => o.name)).toEqual(['CounterView']);
    await expectUntouched();
  });
});

describe('registry API: authentication and scopes', () => {
  it('refuses a publish without a token (401 UNAUTHENTICATED) and changes nothing', async () => {
    const answer = await publish(undefined, { sdl: HR_WITH_PENSION });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    await expectUntouched();
  });

  it('refuses a forged token (another key under the issuer kid) with 401 TOKEN_INVALID', async () => {
    const forger = await generateKeyPairJwk(ED_KID);
    const claims: TokenClaims = {
      role: 'service',
      sub: 'ci-human-resources',
      client_id: 'ci-human-resources',
      scope: 'registry:publish:human-resources registry:override',
    };
    const answer = await publish(await mintToken(claims, { privateJwk: forger.privateJwk }), {
      sdl: HR_WITH_PENSION,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toEqual({ code: 'TOKEN_INVALID', message: 'signature does not verify' });
    await expectUntouched();
  });

  it('refuses an expired token with 401 TOKEN_EXPIRED', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token = await api.idp.token(
      {
        role: 'service',
        sub: 'ci-human-resources',
        client_id: 'ci-human-resources',
        scope: 'registry:publish:human-resources',
      },
      { issuedAt: past, ttlSeconds: 600 },
    );
    const answer = await publish(token, { sdl: HR_WITH_PENSION });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('TOKEN_EXPIRED');
    await expectUntouched();
  });

  it("refuses another department's pipeline with 403 FORBIDDEN naming the scope", async () => {
    const answer = await publish(await pipeline('ci-health', 'registry:publish:health'), {
      sdl: HR_WITH_PENSION,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'FORBIDDEN',
      message: 'publishing human-resources needs the scope "registry:publish:human-resources"',
    });
    await expectUntouched();
  });

  it("refuses a person's token even with the department's scope: changes come from pipelines", async () => {
    const officer = await api.idp.token({
      role: 'officer',
      sub: 'officer-0042',
      department: 'human-resources',
      scope: 'registry:publish:human-resources',
    });
    const answer = await publish(officer, { sdl: HR_WITH_PENSION });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'FORBIDDEN',
      message: "publishing human-resources needs a service token (a pipeline's), not officer's",
    });
    await expectUntouched();
  });

  it('lets any registry: scope or an auditor read, and nobody else', async () => {
    const citizen = await api.idp.token({ role: 'citizen', sub: '310107199003070017' });
    const denied = await call('GET', '/v1/supergraph', { token: citizen });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    const auditor = await api.idp.token({ role: 'auditor', sub: 'auditor-01' });
    const read = await call('GET', '/v1/supergraph', { token: auditor });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 1, action: 'bootstrap', createdBy: BOOTSTRAPPED_BY });
    const portal = await pipeline('ci-portal', 'registry:operations:portal');
    expect((await call('GET', '/v1/events?limit=1', { token: portal })).body.events[0].kind).toBe(
      'register-operations',
    );
  });

  it('answers /health without a token, and 401 before 404 on an unknown route', async () => {
    expect(await call('GET', '/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', store: 'sqlite', supergraphVersion: 1 },
    });
    expect((await call('GET', '/v1/nothing')).status).toBe(401);
    const missing = await call('GET', '/v1/nothing', { token: await HR_PIPELINE() });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'NOT_FOUND', message: 'no route "/v1/nothing"' });
  });
});

describe('registry API: rollback', () => {
  it('makes a new version with the content of the one before, for registry:rollback only', async () => {
    const v1 = await api.store.current();
    expect((await publish(await HR_PIPELINE(), { sdl: HR_WITH_PENSION })).status).toBe(201);

    const denied = await call('POST', '/v1/rollback', { token: await HR_PIPELINE() });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('a rollback needs the scope "registry:rollback"');
    expect(await api.store.currentVersion()).toBe(2);

    const answer = await call('POST', '/v1/rollback', {
      token: await pipeline('platform-team', 'registry:rollback'),
    });
    expect(answer.status).toBe(201);
    expect(answer.body.supergraph).toMatchObject({
      version: 3,
      action: 'rollback',
      restores: 1,
      createdBy: 'platform-team',
      sdlHash: v1!.sdlHash,
    });
    expect((await api.store.current())!.sdl).toBe(v1!.sdl);
  });

  it('rolls back to a named version, and answers 404 VERSION_NOT_FOUND for one that does not exist', async () => {
    const token = await pipeline('platform-team', 'registry:rollback');
    const missing = await call('POST', '/v1/rollback', { token, json: { to: 7 } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('VERSION_NOT_FOUND');
    const bad = await call('POST', '/v1/rollback', { token, json: { to: 'latest' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
    const answer = await call('POST', '/v1/rollback', { token, json: { to: 1 } });
    expect(answer.status).toBe(201);
    expect(answer.body.supergraph).toMatchObject({ version: 2, restores: 1 });
  });
});
