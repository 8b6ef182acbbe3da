import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { subgraphsOf } from '../gateway/supergraph-file';
import { departmentNames } from './names';
import { scaffoldDepartment, type ScaffoldResult } from './new-department';
import { render } from './templates';

/**
 * One scaffold, end to end, in a copy of the repository (never in the working tree itself):
 * the generated department compiles, passes lint and its own tests, composes, and answers
 * through a gateway. Slow (tsc, eslint and two jest runs in the copy): about a minute.
 */
const root = path.resolve(__dirname, '..');
/** Not copied: the copy gets a symlink to node_modules, and needs no history, build or data. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.data', 'coverage']);
const SLOW = 10 * 60_000; // 10 min: the machine may be busy with other suites
const NEW_FOLDERS = ['mocks/civil-affairs', 'adapters/civil-affairs', 'subgraphs/civil-affairs'];

let tmp: string;
const log: string[] = [];

function copyRepository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owdl-scaffold-'));
  cpSync(root, dir, {
    recursive: true,
    filter: (src) => !NOT_COPIED.has(path.relative(root, src).split(path.sep)[0]!),
  });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Every file of the copy (node_modules aside) with a hash of its content: "nothing written" is this unchanged. */
function tree(dir = tmp): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile())
        out[path.relative(dir, p)] = createHash('sha1').update(readFileSync(p)).digest('hex');
    }
  };
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.name !== 'node_modules')
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else
        out[e.name] = createHash('sha1')
          .update(readFileSync(path.join(dir, e.name)))
          .digest('hex');
  return out;
}

/** Runs a command in the copy. */
function run(command: string, args: string[]) {
  const r = spawnSync(command, args, {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function personType(sdl: string): ObjectTypeDefinitionNode {
  return parse(sdl).definitions.find(
    (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Person',
  )!;
}

beforeAll(() => {
  tmp = copyRepository();
}, SLOW);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run new:department refuses, writing nothing', () => {
  const refusals: [string, string, string | undefined, string][] = [
    [
      'upper case',
      'Civil-Affairs',
      undefined,
      'department code "Civil-Affairs" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)',
    ],
    [
      'an underscore',
      'civil_affairs',
      undefined,
      'department code "civil_affairs" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)',
    ],
    [
      'a double hyphen',
      'civil--affairs',
      undefined,
      'department code "civil--affairs" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)',
    ],
    [
      'a leading digit',
      '1civil',
      undefined,
      'department code "1civil" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)',
    ],
    [
      'a path',
      '../gateway',
      undefined,
      'department code "../gateway" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)',
    ],
    [
      'more than 40 characters',
      'a'.repeat(41),
      undefined,
      `department code "${'a'.repeat(40)}…" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)`,
    ],
    ['no code', '', undefined, 'give the department code, e.g. npm run new:department -- civil-affairs'],
    [
      'a title that would end a GraphQL string',
      'civil-affairs',
      'Civil "Affairs"',
      `title "Civil \\"Affairs\\"" must be 1 to 80 letters, digits, spaces or ,.&()'- (e.g. "Civil Affairs Bureau")`,
    ],
    [
      'an existing department',
      'human-resources',
      undefined,
      'department "human-resources" exists already (gateway/departments.ts SUBGRAPHS)',
    ],
    ['an existing folder', 'kit', undefined, 'department "kit" exists already (subgraphs/kit/)'],
  ];

  it.each(refusals)('%s: INVALID_ARGUMENT', async (_label, code, title, message) => {
    const before = tree();
    await expect(scaffoldDepartment(tmp, { code, title, log: (l) => log.push(l) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message,
    });
    expect(tree()).toEqual(before);
  });

  it('exits 2 from the command line with the reason', () => {
    const before = tree();
    const r = run(process.execPath, [
      '--require',
      'ts-node/register/transpile-only',
      'scaffold/new-department.ts',
      'Civil_Affairs',
    ]);
    expect(r).toEqual({
      status: 2,
      output:
        'new:department: department code "Civil_Affairs" must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters (e.g. civil-affairs)\n',
    });
    expect(tree()).toEqual(before);
  });
});

describe('npm run new:department -- civil-affairs --title "Civil Affairs Bureau"', () => {
  let result: ScaffoldResult;
  let supergraphBefore: string;

  beforeAll(async () => {
    supergraphBefore = readFileSync(path.join(tmp, 'gateway/supergraph.graphql'), 'utf8');
    result = await scaffoldDepartment(tmp, {
      code: 'civil-affairs',
      title: 'Civil Affairs Bureau',
      log: (l) => log.push(l),
    });
  }, SLOW);

  it('writes the three folders and registers the department on the next free ports', () => {
    expect(result.ports).toEqual({ port: 4010, mockPort: 5108, adminPort: 5208 });
    expect(result.created.sort()).toEqual(
      [
        'adapters/civil-affairs/README.md',
        'adapters/civil-affairs/adapter.test.ts',
        'adapters/civil-affairs/client.ts',
        'adapters/civil-affairs/errors.ts',
        'adapters/civil-affairs/index.ts',
        'adapters/civil-affairs/mapping.ts',
        'adapters/civil-affairs/model.ts',
        'adapters/civil-affairs/options.ts',
        'mocks/civil-affairs/README.md',
        'mocks/civil-affairs/index.ts',
        'mocks/civil-affairs/protocol.ts',
        'mocks/civil-affairs/records.ts',
        'mocks/civil-affairs/server.test.ts',
        'mocks/civil-affairs/server.ts',
        'subgraphs/civil-affairs/README.md',
        'subgraphs/civil-affairs/generated/resolvers-types.ts',
        'subgraphs/civil-affairs/index.ts',
        'subgraphs/civil-affairs/model.ts',
        'subgraphs/civil-affairs/resolvers.test.ts',
        'subgraphs/civil-affairs/resolvers.ts',
        'subgraphs/civil-affairs/schema.graphql',
        'subgraphs/civil-affairs/server.test.ts',
        'subgraphs/civil-affairs/server.ts',
      ].map((f) => f.split('/').join(path.sep)),
    );
    // And gateway/api-schema.graphql when the compose writes one beside the supergraph.
    expect(result.changed.slice(0, 4)).toEqual([
      'gateway/departments.ts',
      'codegen.yml',
      'trust/policy/access-policy.json',
      'gateway/supergraph.graphql',
    ]);
    expect(readFileSync(path.join(tmp, 'gateway/departments.ts'), 'utf8')).toContain(
      "  { name: 'civil-affairs', port: 4010, mock: { port: 5108, adminPort: 5208 } },\n  // Not a department",
    );
    expect(readFileSync(path.join(tmp, 'codegen.yml'), 'utf8')).toContain(
      '  subgraphs/civil-affairs/generated/resolvers-types.ts:\n    schema: subgraphs/civil-affairs/schema.graphql\n',
    );
    const policy = JSON.parse(readFileSync(path.join(tmp, 'trust/policy/access-policy.json'), 'utf8')) as {
      sensitive: Record<string, string>;
    };
    expect(policy.sensitive['CivilAffairsRecord.fileNumber']).toBe('identity-number');
    expect(log).toEqual(
      expect.arrayContaining([
        'wrote 22 files in mocks/civil-affairs/, adapters/civil-affairs/, subgraphs/civil-affairs/',
        'running npm run codegen...',
        'running npm run compose...',
      ]),
    );
  });

  it('composes: the supergraph has the subgraph, Person.civilAffairsRecord, and Person keeps its description', () => {
    const sdl = readFileSync(path.join(tmp, 'gateway/supergraph.graphql'), 'utf8');
    expect(subgraphsOf(sdl)).toContainEqual({ name: 'civil-affairs', url: 'http://127.0.0.1:4010/graphql' });
    const person = personType(sdl);
    const field = person.fields!.find((f) => f.name.value === 'civilAffairsRecord');
    expect(field?.type).toMatchObject({ kind: Kind.NAMED_TYPE, name: { value: 'CivilAffairsRecord' } });
    expect(person.description?.value).toBe(personType(supergraphBefore).description?.value);
    const record = parse(sdl).definitions.find(
      (d): d is ObjectTypeDefinitionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'CivilAffairsRecord',
    );
    expect(record?.fields?.map((f) => f.name.value)).toEqual(['fileNumber', 'summary', 'openedOn']);
  });

  it('compiles: tsc --noEmit over the new folders and what they import', () => {
    writeFileSync(
      path.join(tmp, 'tsconfig.scaffold-check.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [...NEW_FOLDERS, 'gateway/departments.ts'] }),
    );
    expect(run('npx', ['tsc', '-p', 'tsconfig.scaffold-check.json', '--noEmit'])).toEqual({
      status: 0,
      output: '',
    });
  });

  it('passes eslint and prettier', () => {
    const changed = ['gateway/departments.ts', 'codegen.yml', 'trust/policy/access-policy.json'];
    expect(run('npx', ['eslint', ...NEW_FOLDERS, 'gateway/departments.ts'])).toEqual({
      status: 0,
      output: '',
    });
    expect(run('npx', ['prettier', '--check', ...NEW_FOLDERS, ...changed]).status).toBe(0);
  });

  it('passes its generated tests, and the schema documentation check covers it', () => {
    const r = run('npx', ['jest', ...NEW_FOLDERS, 'test/schema-docs.test.ts']);
    expect(r.status).toBe(0);
    // 20 generated tests; schema-docs has one more, for civil-affairs, than in the tree (SUBGRAPHS grew by one).
    expect(r.output).toMatch(/Test Suites: +5 passed, 5 total\nTests: +33 passed, 33 total/);
  });

  it('answers the seeded record through a gateway to an officer on a case and to the citizen', () => {
    const names = departmentNames('civil-affairs', 'Civil Affairs Bureau');
    const fixture = readFileSync(path.join(__dirname, 'fixtures/answers.test.ts.tmpl'), 'utf8');
    writeFileSync(
      path.join(tmp, 'test/scaffold-civil-affairs.test.ts'),
      render(fixture, names, result.ports),
    );
    const r = run('npx', ['jest', 'test/scaffold-civil-affairs.test.ts']);
    expect(r.status).toBe(0);
    expect(r.output).toMatch(/Tests: +4 passed, 4 total/);
  });

  it('refuses civil-affairs now that it exists, writing nothing', async () => {
    const before = tree();
    await expect(scaffoldDepartment(tmp, { code: 'civil-affairs' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'department "civil-affairs" exists already (gateway/departments.ts SUBGRAPHS)',
    });
    expect(tree()).toEqual(before);
  });

  it(
    'undoes everything when a later step (compose) fails',
    async () => {
      const pkgFile = path.join(tmp, 'package.json');
      const pkg = readFileSync(pkgFile, 'utf8');
      const broken = JSON.parse(pkg) as { scripts: Record<string, string> };
      broken.scripts.compose = 'node -e "process.exit(3)"';
      writeFileSync(pkgFile, JSON.stringify(broken, null, 2) + '\n');
      try {
        const before = tree();
        await expect(
          scaffoldDepartment(tmp, { code: 'land-registry', log: (l) => log.push(l) }),
        ).rejects.toThrow(/^npm run compose failed \(exit 3\)/);
        expect(tree()).toEqual(before);
        expect(log[log.length - 1]).toBe('undone: nothing of the new department is left');
      } finally {
        writeFileSync(pkgFile, pkg);
      }
    },
    SLOW,
  );
});
