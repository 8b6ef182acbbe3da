import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCompiled } from './gateway-build';

describe('runCompiled', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owdl-run-compiled-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes what the process prints on stdout and stderr to its log file too (--logs)', async () => {
    const file = path.join(dir, 'child.log');
    const script =
      "console.log('4321'); console.error('to stderr'); setTimeout(() => console.log('later'), 50)";
    const run = await runCompiled('child', [], {}, /^(\d+)$/m, ['-e', script], file);
    expect(run.url).toBe('4321');
    const closed = new Promise((resolve) => run.proc.on('close', resolve));
    expect(await run.exited).toBe(0);
    await closed;
    // The file is ended once both pipes are read to the end; its last write lands a moment later.
    let text = '';
    for (let i = 0; i < 50 && !text.includes('later'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      text = readFileSync(file, 'utf8');
    }
    expect(text.split('\n').sort()).toEqual(['', '4321', 'later', 'to stderr']);
    expect(run.output()).toContain('later');
  });
});
