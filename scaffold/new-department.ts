import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { DataLayerError, isDataLayerError, quoted } from '../adapters/kit/errors';
import { departmentNames, type DepartmentNames } from './names';
import {
  listedSubgraphs,
  nextPorts,
  withCodegenEntry,
  withPolicyEntry,
  withSubgraphEntry,
  type DepartmentPorts,
} from './registrations';
import { DEFAULT_PERSON_DESCRIPTION, renderDepartment, type RenderedFile } from './templates';

export interface ScaffoldOptions {
  /** Department code, lower-case kebab (`civil-affairs`): the folder and subgraph name. */
  code: string;
  /** The department's name in descriptions and READMEs. @default the code's words capitalised */
  title?: string;
  /** Run `npm run codegen` and `npm run compose` in the root afterwards. @default true */
  tools?: boolean;
  /** Where progress lines go. @default console.log */
  log?: (line: string) => void;
}

export interface ScaffoldResult {
  names: DepartmentNames;
  ports: DepartmentPorts;
  /** Files written, relative to the root. */
  created: string[];
  /** Existing files changed (registrations, the supergraph), relative to the root. */
  changed: string[];
}

/** The files outside the new folders the generator changes: SUBGRAPHS, codegen, the access policy. */
const DEPARTMENTS = 'gateway/departments.ts';
const CODEGEN = 'codegen.yml';
const POLICY = 'trust/policy/access-policy.json';
const SUPERGRAPH = 'gateway/supergraph.graphql';
/** What clients see of the supergraph, written by `npm run compose` beside it (when the compose writes one). */
const API_SCHEMA = 'gateway/api-schema.graphql';

const refuse = (message: string) => new DataLayerError('INVALID_ARGUMENT', message);

/**
 * Formats what was written with the root's prettier (the placeholders change line lengths).
 * Its command line, not its API: the API loads ES modules, which Jest's CommonJS runtime cannot.
 */
function format(root: string, files: string[], log: (line: string) => void): void {
  const wanted = files.filter((f) => !f.endsWith('.md')); // .prettierignore: READMEs are laid out by hand
  log('formatting with prettier...');
  const run = spawnSync('npx', ['--no-install', 'prettier', '--write', '--log-level', 'warn', ...wanted], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(
      `prettier failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stdout}${run.stderr}`,
    );
}

/**
 * Refuses, before anything is written, a code that is taken: listed in SUBGRAPHS, a folder
 * of that name in subgraphs/, adapters/ or mocks/, or names the supergraph already has.
 */
function checkFree(names: DepartmentNames, departmentsTs: string, root: string, supergraph: string): void {
  const { code } = names;
  if (listedSubgraphs(departmentsTs).some((s) => s.name === code))
    throw refuse(`department ${quoted(code)} exists already (gateway/departments.ts SUBGRAPHS)`);
  for (const area of ['subgraphs', 'adapters', 'mocks'])
    if (existsSync(path.join(root, area, code)))
      throw refuse(`department ${quoted(code)} exists already (${area}/${code}/)`);
  const type = `${names.pascal}Record`;
  if (new RegExp(`\\b(type|enum|input|scalar|interface|union) ${type}\\b`).test(supergraph))
    throw refuse(`the supergraph has a type ${type} already: choose another code`);
  if (new RegExp(`\\b${names.camel}Record\\b`).test(supergraph))
    throw refuse(`the supergraph has a field ${names.camel}Record already: choose another code`);
}

/** The description of `Person` in the supergraph, so that the new subgraph keeps it as it is. */
function personDescription(supergraph: string): string {
  try {
    for (const d of parse(supergraph).definitions)
      if (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Person' && d.description)
        return d.description.value;
  } catch {
    /* no supergraph yet, or not one: the default */
  }
  return DEFAULT_PERSON_DESCRIPTION;
}

/** Runs `npm run <script>` in the root; a failure throws with its output. */
function npmRun(root: string, script: string, log: (line: string) => void): void {
  log(`running npm run ${script}...`);
  const run = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(
      `npm run ${script} failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stdout}${run.stderr}`,
    );
}

/**
 * Scaffolds department `code` in the repository at `root`: mocks/<code>/, adapters/<code>/ and
 * subgraphs/<code>/ from scaffold/templates, its SUBGRAPHS entry (the next free ports), its
 * codegen.yml entry and its access-policy entry; then codegen and compose. A code that is
 * invalid or taken is refused (INVALID_ARGUMENT) with nothing written; when a later step fails,
 * everything written is undone.
 */
export async function scaffoldDepartment(root: string, options: ScaffoldOptions): Promise<ScaffoldResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const names = departmentNames(options.code, options.title);
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  const departmentsTs = read(DEPARTMENTS);
  const supergraph = existsSync(path.join(root, SUPERGRAPH)) ? read(SUPERGRAPH) : '';
  checkFree(names, departmentsTs, root, supergraph);
  const ports = nextPorts(listedSubgraphs(departmentsTs));

  // Everything is worked out in memory first: a template or registration that fails writes nothing.
  const files: RenderedFile[] = renderDepartment(names, ports, personDescription(supergraph));
  const changes: RenderedFile[] = [
    { path: DEPARTMENTS, text: withSubgraphEntry(departmentsTs, names, ports) },
    { path: CODEGEN, text: withCodegenEntry(read(CODEGEN), names) },
    { path: POLICY, text: withPolicyEntry(read(POLICY), names) },
  ];

  const originals = new Map<string, string | undefined>(
    [...changes.map((c) => c.path), SUPERGRAPH, API_SCHEMA].map((f) => [
      f,
      existsSync(path.join(root, f)) ? read(f) : undefined,
    ]),
  );
  const folders = ['mocks', 'adapters', 'subgraphs'].map((area) => path.join(root, area, names.code));
  try {
    for (const f of [...files, ...changes]) {
      mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
      writeFileSync(path.join(root, f.path), f.text);
    }
    format(
      root,
      [...files, ...changes].map((f) => f.path),
      log,
    );
    log(
      `wrote ${files.length} files in mocks/${names.code}/, adapters/${names.code}/, subgraphs/${names.code}/`,
    );
    log(
      `registered ${names.code} in ${DEPARTMENTS} (subgraph port ${ports.port}, mock ${ports.mockPort}, admin ${ports.adminPort}), ${CODEGEN} and ${POLICY}`,
    );
    if (options.tools !== false) {
      npmRun(root, 'codegen', log);
      npmRun(root, 'compose', log);
    }
  } catch (e) {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    for (const [file, text] of originals)
      if (text === undefined) rmSync(path.join(root, file), { force: true });
      else writeFileSync(path.join(root, file), text);
    log('undone: nothing of the new department is left');
    throw e;
  }
  const composed = [SUPERGRAPH, API_SCHEMA].filter((f) => {
    const now = existsSync(path.join(root, f)) ? read(f) : undefined;
    return now !== originals.get(f);
  });
  return {
    names,
    ports,
    created: files
      .map((f) => f.path)
      .concat(options.tools !== false ? [`subgraphs/${names.code}/generated/resolvers-types.ts`] : []),
    changed: [...changes.map((c) => c.path), ...composed],
  };
}

/** What to do next, printed after a scaffold. */
export function nextSteps(result: ScaffoldResult): string {
  const { code, camel, constant } = result.names;
  const folders = `mocks/${code} adapters/${code} subgraphs/${code}`;
  return [
    `Department ${code} scaffolded. Next:`,
    `  1. npx jest ${folders}           # its generated tests`,
    `  2. npm run lint                   # eslint, prettier, tsc`,
    `  3. npm start                      # the mock on ${result.ports.mockPort}, the subgraph on ${result.ports.port}, in the gateway;`,
    `     query person(id: "310107199003070017") { ${camel}Record { fileNumber summary openedOn } }`,
    `  4. Replace the mock's JSON protocol, the adapter's client and mapping, and the schema's fields`,
    `     with the real system's; add test/helpers/stack.ts wiring (start${result.names.pascal}Mock,`,
    `     build${result.names.pascal}Subgraph) so the end-to-end suites include it; add a statutory purpose`,
    `     for its officers to trust/policy/purposes.json if they read under one.`,
    `  5. Production: ${constant}_URL (the real system), ${constant}_PORT, ${constant}_SUBGRAPH_URL at the gateway.`,
    `  6. npm run subgraph -- publish ${code} subgraphs/${code}/schema.graphql   # once the registry runs`,
  ].join('\n');
}

/** `npm run new:department -- <code> [--title "Civil Affairs Bureau"]`; exit 2 for bad arguments. */
export async function main(argv: string[], root = path.resolve(__dirname, '..')): Promise<number> {
  const positional: string[] = [];
  let title: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--title') title = argv[++i] ?? '';
    else if (a.startsWith('--title=')) title = a.slice('--title='.length);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run new:department -- <code> [--title "Civil Affairs Bureau"]');
      return 0;
    } else if (a.startsWith('-')) {
      console.error(`unknown option ${quoted(a)}; usage: npm run new:department -- <code> [--title "..."]`);
      return 2;
    } else positional.push(a);
  }
  if (positional.length > 1) {
    console.error(
      `one department code at a time, got ${positional.length}: ${positional.map((p) => quoted(p)).join(' ')}`,
    );
    return 2;
  }
  try {
    const result = await scaffoldDepartment(root, { code: positional[0] ?? '', title });
    console.log(`\n${nextSteps(result)}`);
    return 0;
  } catch (e) {
    if (isDataLayerError(e) && e.code === 'INVALID_ARGUMENT') {
      console.error(`new:department: ${e.message}`);
      return 2;
    }
    console.error(`new:department failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
