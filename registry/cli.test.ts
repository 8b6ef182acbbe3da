import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli';
import {
  BOOTSTRAPPED_BY,
  HR_ID_AS_STRING,
  HR_SDL,
  HR_WITH_PENSION,
  HR_WITHOUT_EMPLOYER_NAME,
  ROOT,
} from './http/test-support';
import { SqliteRegistryStore } from './store/sqlite-store';

let dir: string;
let template: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'registry-cli-'));
  template = path.join(dir, 'template.sqlite');
  const boot = await cli(['bootstrap', '--as', BOOTSTRAPPED_BY], template);
  if (boot.code !== 0) throw new Error(`bootstrap failed: ${boot.err}`);
  for (const [name, sdl] of Object.entries({
    pension: HR_WITH_PENSION,
    noEmployer: HR_WITHOUT_EMPLOYER_NAME,
    idString: HR_ID_AS_STRING,
    same: HR_SDL,
  }))
    writeFileSync(path.join(dir, `${name}.graphql`), sdl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
let file: string;
beforeEach(() => {
  file = path.join(dir, `registry-${++n}.sqlite`);
  copyFileSync(template, file);
});

const schema = (name: string) => path.join(dir, `${name}.graphql`);

/** Runs the CLI in process against the SQLite registry at `db`. */
async function cli(
  argv: string[],
  db = file,
): Promise<{ code: number; out: string; err: string; opened: boolean }> {
  const out: string[] = [];
  const err: string[] = [];
  let opened = false;
  const code = await runCli(argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    env: { USER: 'alice' },
    root: ROOT,
    openStore: async () => {
      opened = true;
      return SqliteRegistryStore.open(db);
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

/** The registry at `file`, read after the CLI closed it. */
async function inspect<T>(read: (s: SqliteRegistryStore) => Promise<T>): Promise<T> {
  const store = SqliteRegistryStore.open(file);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

describe('npm run subgraph -- bootstrap', () => {
  it('registers the checkout on an empty registry, and changes nothing the second time', async () => {
    const empty = path.join(dir, 'empty.sqlite');
    const first = await cli(['bootstrap', '--as', 'ops'], empty);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /^bootstrapped supergraph v1 \(bootstrap by ops, .+\)\n {2}subgraphs \(9\): public-security, /,
    );
    expect(first.out).toMatch(/operations: \d+ registered for app, counter, portal, terminal$/);
    const second = await cli(['bootstrap', '--as', 'ops'], empty);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(
      /^not empty: the registry already serves supergraph v1 \(bootstrap by ops, .+\); nothing changed$/,
    );
  });
});

describe('npm run subgraph -- publish', () => {
  it('lands a compatible change and prints the new supergraph version (publisher from --as)', async () => {
    const r = await cli(['publish', 'human-resources', schema('pension'), '--as', 'hr-team']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(
      /^published human-resources v2 as supergraph v2 \(publish of human-resources by hr-team, \d{4}-.+\)$/,
    );
    expect(await inspect((s) => s.currentVersion())).toBe(2);
  });

  it('records $USER@hostname when --as is not given', async () => {
    expect((await cli(['publish', 'human-resources', schema('pension')])).code).toBe(0);
    expect((await inspect((s) => s.current()))!.createdBy).toMatch(/^alice@.+/);
  });

  it('refuses a change that breaks a registered operation (exit 1), naming it, its client and owner', async () => {
    const r = await cli(['publish', 'human-resources', schema('noEmployer'), '--as', 'hr-team']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('refused (OPERATIONS_WOULD_BREAK): nothing was published');
    expect(r.out).toContain('  CounterView  client counter, owner Service centre counter team (registered)');
    expect(r.out).toMatch(
      /breaking changes \(1\):\n {2}FIELD_REMOVED: SocialSecurity.employerName was removed/,
    );
    expect(r.err).toContain('--override "<reason>"');
    expect(await inspect((s) => s.currentVersion())).toBe(1);
  });

  it('lands it with --override, recording the reason and what it breaks', async () => {
    const r = await cli([
      'publish',
      'human-resources',
      schema('noEmployer'),
      '--as',
      'hr-team',
      '--override',
      'counter 4.2 is out',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('override recorded, it breaks: counter:CounterView');
    expect((await inspect((s) => s.current()))!.override).toEqual({
      by: 'hr-team',
      reason: 'counter 4.2 is out',
      breaks: ['counter:CounterView'],
    });
  });

  it('refuses a composition error with the subgraph and reason (exit 1)', async () => {
    const r = await cli(['publish', 'human-resources', schema('idString')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('refused (COMPOSITION_FAILED)');
    expect(r.out).toMatch(/COMPOSITION_FAILED \[[a-z-]+\] .*Person\.id/);
    expect(await inspect((s) => s.currentVersion())).toBe(1);
  });

  it('says so when the schema is the current one, and exits 0 landing nothing', async () => {
    const r = await cli(['publish', 'human-resources', schema('same')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^human-resources: unchanged, the schema is the one supergraph v1 .* serves; nothing published$/,
    );
    expect(await inspect((s) => s.subgraphHistory('human-resources'))).toHaveLength(1);
  });

  it('exits 2 with a clear message for a missing schema file, without opening the registry', async () => {
    const missing = path.join(dir, 'nope.graphql');
    const r = await cli(['publish', 'human-resources', missing]);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `subgraph: cannot read the schema file ${missing}: no such file`,
      opened: false,
    });
  });

  it('exits 2 for an unknown department, a missing argument or an unknown flag', async () => {
    const unknown = await cli(['publish', 'weather', schema('pension')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /^subgraph: UNKNOWN_DEPARTMENT: no department "weather"; known: public-security, /,
    );
    expect(await cli(['publish', 'human-resources'])).toMatchObject({
      code: 2,
      err: 'subgraph: publish: missing <schema file>',
    });
    const flag = await cli(['publish', 'human-resources', schema('pension'), '--force']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("subgraph: publish: Unknown option '--force'");
  });

  it('prints the API’s JSON with --json', async () => {
    const r = await cli(['publish', 'human-resources', schema('noEmployer'), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.ok).toBe(false);
    expect(json.error.code).toBe('OPERATIONS_WOULD_BREAK');
    expect(json.report.brokenOperations.map((o: { name: string }) => o.name)).toEqual(['CounterView']);
    expect(json.report.supergraphSdl).toBeUndefined();
  });
});

describe('npm run subgraph -- check', () => {
  it('prints the report and stores nothing: exit 0 when a publish would land, 1 when not', async () => {
    const ok = await cli(['check', 'human-resources', schema('pension')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /^human-resources: checked against supergraph v1\noperations in use: \d+ checked, none breaks\n/,
    );
    expect(ok.out.endsWith('check ok: a publish would land')).toBe(true);
    const broken = await cli(['check', 'human-resources', schema('noEmployer')]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('CounterView  client counter, owner Service centre counter team');
    expect(broken.out.endsWith('check not ok: a publish would be refused')).toBe(true);
    // The bootstrap and the four channels' registrations: a check adds no event.
    expect(
      await inspect(async (s) => [await s.currentVersion(), (await s.events()).map((e) => e.kind)]),
    ).toEqual([
      1,
      [
        'register-operations',
        'register-operations',
        'register-operations',
        'register-operations',
        'bootstrap',
      ],
    ]);
  });
});

describe('npm run subgraph -- list and rollback', () => {
  it('lists the current members, a department’s history and the event log', async () => {
    await cli(['publish', 'human-resources', schema('pension'), '--as', 'hr-team']);
    const current = await cli(['list']);
    expect(current.code).toBe(0);
    expect(current.out).toMatch(
      /^current: supergraph v2 \(publish of human-resources by hr-team, .+\)\nmembers \(9\):\n/,
    );
    expect(current.out).toMatch(/\n {2}human-resources +v2 +hr-team +\d{4}-/);
    expect(current.out).toMatch(new RegExp(`\\n  health +v1 +${BOOTSTRAPPED_BY} `));
    const history = await cli(['list', 'human-resources']);
    expect(history.out).toMatch(
      new RegExp(
        `^human-resources: 2 version\\(s\\), newest first\\n  v2 +hr-team .+\\(current\\)\\n  v1 +${BOOTSTRAPPED_BY} `,
      ),
    );
    const events = await cli(['list', '--events', '--limit', '2']);
    expect(events.out).toMatch(
      /^events, newest first \(2\):\n {2}#\d+ .+ publish +human-resources v2 published by hr-team/,
    );
  });

  it('rolls back to the version before, and exits 2 for a version that does not exist', async () => {
    await cli(['publish', 'human-resources', schema('pension')]);
    const r = await cli(['rollback', '--as', 'ops']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^rolled back: supergraph v3 \(rollback to the content of v1 by ops, .+\) is now current$/,
    );
    const v = await inspect(async (s) => [await s.current(), await s.supergraph(1)] as const);
    expect(v[0]!.sdlHash).toBe(v[1]!.sdlHash);
    const missing = await cli(['rollback', '--to', '99']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^subgraph: VERSION_NOT_FOUND: no supergraph version "99"/);
    expect((await cli(['rollback', '--to', 'latest'])).err).toBe(
      'subgraph: --to must be a whole number from 1 to 1000000: "latest"',
    );
  });
});

describe('npm run subgraph: the store', () => {
  it('opens the SQLite registry of REGISTRY_SQLITE_PATH when no database URL is set', async () => {
    const out: string[] = [];
    const code = await runCli(['list', '--json'], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      env: { REGISTRY_SQLITE_PATH: file },
    });
    expect(code).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.supergraph).toMatchObject({ version: 1, action: 'bootstrap', createdBy: BOOTSTRAPPED_BY });
    expect(json.members).toHaveLength(9);
    expect(json.members[0].sdl).toBeUndefined();
  });
});

describe('npm run operations', () => {
  it('registers a channel manifest and lists it; a malformed manifest is exit 2, an invalid operation exit 1', async () => {
    const good = path.join(dir, 'good.json');
    const body = 'query Departments { __typename }';
    const { operationId } = await import('../gateway/limits/safelist');
    writeFileSync(
      good,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: operationId(body), name: 'Departments', type: 'query', body }],
      }),
    );
    const r = await cli(['operations', 'register', 'terminal', good, '--as', 'terminal-ci']);
    expect(r).toMatchObject({ code: 0, out: 'registered 1 operation(s) for terminal, by terminal-ci' });
    const listed = await cli(['operations', 'list', 'terminal']);
    expect(listed.out).toMatch(
      /^registered operations \(1\):\n {2}terminal +query +Departments +[0-9a-f]{12} +terminal-ci /,
    );

    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "something"}');
    const malformed = await cli(['operations', 'register', 'terminal', bad]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain(`subgraph: ${bad}: not a persisted query manifest`);

    const ghostBody = 'query Ghost { ghost }';
    const ghost = path.join(dir, 'ghost.json');
    writeFileSync(
      ghost,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: operationId(ghostBody), name: 'Ghost', type: 'query', body: ghostBody }],
      }),
    );
    const invalid = await cli(['operations', 'register', 'terminal', ghost]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toMatch(/^subgraph: OPERATION_INVALID: terminal operation "Ghost" does not validate/);
    expect(await inspect((s) => s.registeredOperations('terminal'))).toHaveLength(1);
  });
});
