import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseChannel } from '../model';
import { sourceFolder } from '../../../adapters/kit/source-folder';
import type {
  Catalogue,
  IndustryRecord,
  MaterialKind,
  MaterialRequirement,
  MatterAudience,
  MatterRecord,
} from './catalogue';

/** The catalogue files are malformed; the store refuses to start with them. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

const CHANNELS: readonly CaseChannel[] = ['COUNTER', 'PORTAL', 'TERMINAL', 'APP'];
const AUDIENCES: readonly MatterAudience[] = ['PERSON', 'COMPANY', 'BOTH'];
const KINDS: readonly MaterialKind[] = ['CERTIFICATE', 'FORM', 'PHOTO', 'DOCUMENT'];

/** `subgraphs/service-center/data/`, from the source or the compiled tree. */
export function catalogueDir(dir: string = path.join(__dirname, '..')): string {
  const found = sourceFolder('data', dir);
  if (!found) throw new CatalogueError(`no data folder (matters.json, industries.json) beside ${dir}`);
  return found;
}

type Json = Record<string, unknown>;

/** Reads one field, refusing a wrong type with the entry named, so a bad edit says where it is. */
class Reader {
  constructor(
    private readonly where: string,
    private readonly o: Json,
  ) {}

  string(key: string): string {
    const v = this.o[key];
    if (typeof v !== 'string' || v.trim() === '')
      throw new CatalogueError(`${this.where}: ${key} must be a non-empty string: ${JSON.stringify(v)}`);
    return v;
  }

  integer(key: string, min: number): number {
    const v = this.o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new CatalogueError(
        `${this.where}: ${key} must be an integer of at least ${min}: ${JSON.stringify(v)}`,
      );
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.o[key];
    if (!allowed.includes(v as T))
      throw new CatalogueError(
        `${this.where}: ${key} must be one of ${allowed.join(', ')}: ${JSON.stringify(v)}`,
      );
    return v as T;
  }

  list(key: string): Json[] {
    const v = this.o[key];
    if (!Array.isArray(v)) throw new CatalogueError(`${this.where}: ${key} must be a list`);
    return v as Json[];
  }
}

function material(where: string, raw: Json): MaterialRequirement {
  const r = new Reader(where, raw);
  const kind = r.oneOf('kind', KINDS);
  const certificateType = kind === 'CERTIFICATE' ? r.string('certificateType') : null;
  if (typeof raw.required !== 'boolean')
    throw new CatalogueError(`${where}: required must be true or false: ${JSON.stringify(raw.required)}`);
  return { code: r.string('code'), name: r.string('name'), kind, certificateType, required: raw.required };
}

function matter(i: number, raw: Json): MatterRecord {
  const where = `matters.json matters[${i}]${typeof raw.code === 'string' ? ` (${raw.code})` : ''}`;
  const r = new Reader(where, raw);
  const channels = r.list('channels').map((c) => {
    if (!CHANNELS.includes(c as unknown as CaseChannel))
      throw new CatalogueError(
        `${where}: channels must be among ${CHANNELS.join(', ')}: ${JSON.stringify(c)}`,
      );
    return c as unknown as CaseChannel;
  });
  if (channels.length === 0) throw new CatalogueError(`${where}: channels must not be empty`);
  const issues =
    raw.issues === null || raw.issues === undefined
      ? null
      : new Reader(`${where} issues`, raw.issues as Json);
  return {
    code: r.string('code'),
    name: r.string('name'),
    nameEn: r.string('nameEn'),
    departmentCode: r.string('department'),
    audience: r.oneOf('audience', AUDIENCES),
    category: r.string('category'),
    // Stored in catalogue order, whatever order the file lists them in.
    channels: CHANNELS.filter((c) => channels.includes(c)),
    legalTimeLimitDays: r.integer('legalTimeLimitDays', 0),
    promisedTimeLimitDays: r.integer('promisedTimeLimitDays', 0),
    materials: r.list('materials').map((m, j) => material(`${where} materials[${j}]`, m)),
    issues: issues && {
      certificateType: issues.string('certificateType'),
      title: issues.string('title'),
      validityYears: issues.integer('validityYears', 1),
    },
    position: i + 1,
    inCatalogue: true,
  };
}

function industry(i: number, raw: Json): IndustryRecord {
  const where = `industries.json industries[${i}]${typeof raw.code === 'string' ? ` (${raw.code})` : ''}`;
  const r = new Reader(where, raw);
  return {
    code: r.string('code'),
    name: r.string('name'),
    nameEn: r.string('nameEn'),
    matterCode: r.string('matterCode'),
    components: r.list('components').map((c, j) => {
      const cr = new Reader(`${where} components[${j}]`, c);
      return {
        certificateType: cr.string('certificateType'),
        name: cr.string('name'),
        departmentCode: cr.string('department'),
      };
    }),
  };
}

function unique(file: string, codes: readonly string[]): void {
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) throw new CatalogueError(`${file}: code ${code} appears twice`);
    seen.add(code);
  }
}

function parse(file: string, text: string, listKey: string): Json[] {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    throw new CatalogueError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (doc?.version !== 1)
    throw new CatalogueError(`${file}: version must be 1: ${JSON.stringify(doc?.version)}`);
  return new Reader(file, doc).list(listKey);
}

/**
 * Reads and checks data/matters.json and data/industries.json. Departments are checked by the
 * database (a foreign key), so a matter of an unknown department stops start-up there.
 */
export function loadCatalogue(dir: string = catalogueDir()): Catalogue {
  const mattersText = readFileSync(path.join(dir, 'matters.json'), 'utf8');
  const industriesText = readFileSync(path.join(dir, 'industries.json'), 'utf8');
  const matters = parse('matters.json', mattersText, 'matters').map((m, i) => matter(i, m));
  const industries = parse('industries.json', industriesText, 'industries').map((d, i) => industry(i, d));
  unique(
    'matters.json',
    matters.map((m) => m.code),
  );
  unique(
    'industries.json',
    industries.map((d) => d.code),
  );
  const known = new Set(matters.map((m) => m.code));
  for (const d of industries)
    if (!known.has(d.matterCode))
      throw new CatalogueError(
        `industries.json: industry ${d.code} names matter ${d.matterCode}, which matters.json lacks`,
      );
  // Line endings normalised: a Windows checkout is the same catalogue, loaded once.
  const checksum = createHash('sha256')
    .update(mattersText.replace(/\r\n/g, '\n'))
    .update('\0')
    .update(industriesText.replace(/\r\n/g, '\n'))
    .digest('hex');
  return { matters, industries, checksum };
}

/** The catalogue a store loads at migrate(): the one given, else the data files, read then. */
export function catalogueSource(catalogue: Catalogue | undefined): () => Catalogue {
  return catalogue ? () => catalogue : () => loadCatalogue();
}
