import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { errorCodeTable } from '../adapters/kit/error-codes';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('carries the error table generated from the registry, so no code goes undocumented', () => {
    const m = /<!-- error-codes:start -->\n([\s\S]*?)\n<!-- error-codes:end -->/.exec(readme);
    expect(m?.[1]).toBe(errorCodeTable());
  });

  it('shows the two commands and the test command', () => {
    expect(readme).toContain('npm install');
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('has a README in every top-level folder and every department folder', () => {
    const folders = [
      'gateway',
      'subgraphs',
      'adapters',
      'mocks',
      'test',
      'trust',
      'registry',
      'clients',
      'docs',
      'scaffold',
    ];
    for (const top of ['subgraphs', 'adapters', 'mocks'])
      for (const d of readdirSync(path.join(root, top), { withFileTypes: true }))
        if (d.isDirectory() && d.name !== 'kit' && d.name !== 'data') folders.push(`${top}/${d.name}`);
    expect(folders.filter((f) => !existsSync(path.join(root, f, 'README.md')))).toEqual([]);
  });
});
