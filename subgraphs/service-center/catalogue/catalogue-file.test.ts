import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogueError, catalogueDir, loadCatalogue } from './catalogue-file';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'catalogue');

describe('loadCatalogue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sc-catalogue-'));
    for (const f of ['matters.json', 'industries.json'])
      copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Rewrites one matter of the copied fixture. */
  function editMatter(code: string, edit: (m: Record<string, unknown>) => void): void {
    const file = path.join(dir, 'matters.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { matters: Record<string, unknown>[] };
    edit(doc.matters.find((m) => m.code === code)!);
    writeFileSync(file, JSON.stringify(doc));
  }

  it('reads both files in order, audience BOTH kept, channels in catalogue order, positions from 1', () => {
    const c = loadCatalogue(FIXTURE);
    expect([c.matters.length, c.industries.length]).toEqual([14, 3]);
    expect(c.matters.find((m) => m.code === 'HS-001')).toEqual(
      expect.objectContaining({ audience: 'BOTH', channels: ['COUNTER'], position: 10, inCatalogue: true }),
    );
    expect(c.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds data/ beside the source, from the compiled dist/ folder too', () => {
    const source = path.resolve(__dirname, '..');
    const compiled = source.replace(
      `${path.sep}subgraphs${path.sep}`,
      `${path.sep}dist${path.sep}subgraphs${path.sep}`,
    );
    expect(catalogueDir(compiled)).toBe(path.join(source, 'data'));
  });

  it('changes the checksum with the content but not with line endings', () => {
    const before = loadCatalogue(dir).checksum;
    const file = path.join(dir, 'industries.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(loadCatalogue(dir).checksum).toBe(before);
    editMatter('HL-002', (m) => (m.promisedTimeLimitDays = 3));
    expect(loadCatalogue(dir).checksum).not.toBe(before);
  });

  it('names the file, the entry and the field of a bad value', () => {
    editMatter('HL-002', (m) => (m.channels = ['COUNTER', 'FAX']));
    expect(() => loadCatalogue(dir)).toThrow(
      new CatalogueError(
        'matters.json matters[8] (HL-002): channels must be among COUNTER, PORTAL, TERMINAL, APP: "FAX"',
      ),
    );
  });

  it('refuses a certificate material without its certificate type', () => {
    editMatter('ED-001', (m) => delete (m.materials as Record<string, unknown>[])[0]!.certificateType);
    expect(() => loadCatalogue(dir)).toThrow(
      'matters.json matters[12] (ED-001) materials[0]: certificateType must be a non-empty string: undefined',
    );
  });

  it('refuses a code used twice and an industry whose matter is missing', () => {
    editMatter('SP-001', (m) => (m.code = 'HL-002'));
    expect(() => loadCatalogue(dir)).toThrow('matters.json: code HL-002 appears twice');
    editMatter('HL-002', (m) => (m.code = 'IND-PHARMACY'));
    expect(() => loadCatalogue(dir)).toThrow('matters.json: code IND-PHARMACY appears twice');
  });

  it('refuses an industry naming a matter the catalogue lacks', () => {
    editMatter('IND-SUPERMARKET', (m) => (m.code = 'IND-GROCER'));
    expect(() => loadCatalogue(dir)).toThrow(
      'industries.json: industry supermarket names matter IND-SUPERMARKET, which matters.json lacks',
    );
  });

  it('refuses a file of another version or that is not JSON', () => {
    writeFileSync(path.join(dir, 'industries.json'), '{"version": 2, "industries": []}');
    expect(() => loadCatalogue(dir)).toThrow('industries.json: version must be 1: 2');
    writeFileSync(path.join(dir, 'matters.json'), '{"version": 1,');
    expect(() => loadCatalogue(dir)).toThrow(/^matters\.json is not JSON: /);
  });
});
