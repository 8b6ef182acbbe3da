import type { DepartmentNames } from './names';

/** Ports of a new department under `npm start`: its subgraph (40xx) and its mock (51xx protocol, 52xx admin). */
export interface DepartmentPorts {
  port: number;
  mockPort: number;
  adminPort: number;
}

/** One entry of gateway/departments.ts SUBGRAPHS, as read from its text. */
export interface ListedSubgraph {
  name: string;
  port: number;
  mock?: { port: number; adminPort: number };
}

const ENTRY =
  /\{\s*name:\s*'([^']+)',\s*port:\s*(\d+)(?:,\s*mock:\s*\{\s*port:\s*(\d+),\s*adminPort:\s*(\d+)\s*\})?\s*\}/g;

/**
 * The SUBGRAPHS entries of a departments.ts text. Read from the text, not imported: the
 * generator works on the root it is given (a copy in tests), whose list may differ from its own.
 */
export function listedSubgraphs(departmentsTs: string): ListedSubgraph[] {
  const list = sliceOfSubgraphs(departmentsTs);
  return [...list.text.matchAll(ENTRY)].map((m) => ({
    name: m[1]!,
    port: Number(m[2]),
    ...(m[3] ? { mock: { port: Number(m[3]), adminPort: Number(m[4]) } } : {}),
  }));
}

function sliceOfSubgraphs(text: string): { start: number; end: number; text: string } {
  const start = text.indexOf('export const SUBGRAPHS');
  const end = start < 0 ? -1 : text.indexOf('\n];', start);
  if (start < 0 || end < 0)
    throw new Error('gateway/departments.ts has no `export const SUBGRAPHS = [ ... ];`');
  return { start, end, text: text.slice(start, end) };
}

/** The next free ports: one above the highest subgraph port, mock port and admin port in use. */
export function nextPorts(listed: readonly ListedSubgraph[]): DepartmentPorts {
  const max = (ports: number[], floor: number) => Math.max(floor, ...ports) + 1;
  return {
    port: max(
      listed.map((s) => s.port),
      4000,
    ),
    mockPort: max(
      listed.flatMap((s) => (s.mock ? [s.mock.port] : [])),
      5100,
    ),
    adminPort: max(
      listed.flatMap((s) => (s.mock ? [s.mock.adminPort] : [])),
      5200,
    ),
  };
}

/**
 * departments.ts with the new department in SUBGRAPHS: before the entries that are not
 * departments (the `// Not a department` comment) when there is one, else at the end.
 */
export function withSubgraphEntry(
  departmentsTs: string,
  names: DepartmentNames,
  ports: DepartmentPorts,
): string {
  const list = sliceOfSubgraphs(departmentsTs);
  const line = `  { name: '${names.code}', port: ${ports.port}, mock: { port: ${ports.mockPort}, adminPort: ${ports.adminPort} } },\n`;
  const marker = list.text.search(/\n\s*\/\/ Not a department/);
  const at = marker >= 0 ? list.start + marker + 1 : list.end + 1;
  return departmentsTs.slice(0, at) + line + departmentsTs.slice(at);
}

/** codegen.yml with the resolver types of the new subgraph, at the end of `generates:`. */
export function withCodegenEntry(codegenYml: string, names: DepartmentNames): string {
  const lines = codegenYml.replace(/\n*$/, '').split('\n');
  const generates = lines.findIndex((l) => /^generates:\s*$/.test(l));
  if (generates < 0) throw new Error('codegen.yml has no top-level `generates:`');
  let end = lines.length;
  for (let i = generates + 1; i < lines.length; i++)
    if (/^[^\s#]/.test(lines[i]!)) {
      end = i;
      break;
    }
  const dir = `subgraphs/${names.code}`;
  const block = [
    `  ${dir}/generated/resolvers-types.ts:`,
    `    schema: ${dir}/schema.graphql`,
    '    plugins: [*header, typescript, typescript-resolvers]',
    '    config:',
    '      <<: *common',
    `      # ${names.code}: map entity types to the adapter models the resolvers return`,
    `      mappers: { Person: ../model#PersonParent, ${names.pascal}Record: ../model#${names.pascal}RecordParent }`,
  ];
  lines.splice(end, 0, ...block);
  return lines.join('\n') + '\n';
}

/** The policy coordinate of the new record's identifying field. */
export const policyCoordinate = (names: DepartmentNames) => `${names.pascal}Record.fileNumber`;

/**
 * access-policy.json with the record's file number as an identity number (`sensitive`), as
 * `SocialSecurity.cardNumber` is: the citizen themself and an officer on a case see it, others
 * get it masked. The person field itself needs no entry: `Person` is already a personal-data
 * entity (subject `self`), so the deny-by-default subject check covers it.
 */
export function withPolicyEntry(policyJson: string, names: DepartmentNames): string {
  const m = /("sensitive"\s*:\s*\{)([\s\S]*?)(\n[ \t]*\})/.exec(policyJson);
  if (!m) throw new Error('access-policy.json has no "sensitive" object');
  const entry = `    "${policyCoordinate(names)}": "identity-number"`;
  const body = m[2]!.trim() === '' ? `\n${entry}` : `${m[2]!.replace(/\s*$/, '')},\n${entry}`;
  const out = policyJson.slice(0, m.index) + m[1] + body + m[3] + policyJson.slice(m.index + m[0].length);
  const parsed = JSON.parse(out) as { sensitive?: Record<string, string> };
  if (parsed.sensitive?.[policyCoordinate(names)] !== 'identity-number')
    throw new Error('access-policy.json: could not add the sensitive entry');
  return out;
}
