import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DepartmentNames } from './names';
import type { DepartmentPorts } from './registrations';

/** Where the templates live: `templates/<area>/<file>.tmpl` becomes `<area>/<code>/<file>`. */
export const TEMPLATES_DIR = path.join(__dirname, 'templates');

/** One file to write: its path relative to the root, and its text. */
export interface RenderedFile {
  path: string;
  text: string;
}

/**
 * The description the new subgraph gives `Person`: the one the supergraph shows now, so that
 * composing one more subgraph does not change it (composition keeps the most common one).
 */
export const DEFAULT_PERSON_DESCRIPTION =
  'A natural person as registered by Public Security (household registration or exit-entry).';

/** A GraphQL string literal holding `text`. */
function graphqlString(text: string): string {
  return text.includes('\n') && !text.includes('"""') ? `"""\n${text}\n"""` : JSON.stringify(text);
}

/** Fills a template's placeholders; a placeholder left unknown is a defect of the template. */
export function render(
  template: string,
  names: DepartmentNames,
  ports: DepartmentPorts,
  personDescription = DEFAULT_PERSON_DESCRIPTION,
): string {
  const values: Record<string, string> = {
    __PERSON_DESCRIPTION__: graphqlString(personDescription),
    __code__: names.code,
    __Pascal__: names.pascal,
    __camel__: names.camel,
    __CONST__: names.constant,
    __Title__: names.title,
    __ABBR__: names.abbreviation,
    __PORT__: String(ports.port),
    __MOCK_PORT__: String(ports.mockPort),
    __ADMIN_PORT__: String(ports.adminPort),
  };
  const out = template.replace(
    /__(?:code|Pascal|camel|CONST|Title|ABBR|PORT|MOCK_PORT|ADMIN_PORT|PERSON_DESCRIPTION)__/g,
    (p) => values[p]!,
  );
  const left = /__[A-Za-z_]+__/.exec(
    out.replace(/\b__(?:resolveReference|typename|dirname|filename)\b/g, ''),
  );
  if (left) throw new Error(`template placeholder ${left[0]} has no value`);
  return out;
}

/** Every file of the new department's mock, adapter and subgraph folders, rendered. */
export function renderDepartment(
  names: DepartmentNames,
  ports: DepartmentPorts,
  personDescription = DEFAULT_PERSON_DESCRIPTION,
  templatesDir = TEMPLATES_DIR,
): RenderedFile[] {
  const out: RenderedFile[] = [];
  for (const area of ['mocks', 'adapters', 'subgraphs'])
    for (const file of readdirSync(path.join(templatesDir, area)).sort())
      if (file.endsWith('.tmpl'))
        out.push({
          path: path.join(area, names.code, file.slice(0, -'.tmpl'.length)),
          text: render(
            readFileSync(path.join(templatesDir, area, file), 'utf8'),
            names,
            ports,
            personDescription,
          ),
        });
  return out;
}
