import { hugePagesSetting, machine } from './machine';

describe('machine', () => {
  it("reads the transparent huge pages setting in force, the bracketed one of Linux's file", () => {
    expect(hugePagesSetting('always [madvise] never\n')).toBe('madvise');
    expect(hugePagesSetting('[always] madvise never\n')).toBe('always');
    expect(hugePagesSetting('always madvise [never]\n')).toBe('never');
    expect(hugePagesSetting('')).toBe('unknown');
  });

  it('says what it runs on: cores, Node, the key packages, the huge pages setting', () => {
    const m = machine();
    expect(m.node).toBe(process.version);
    expect(m.cores).toBeGreaterThan(0);
    expect(m.packages['@apollo/gateway']).toMatch(/^\d+\.\d+\.\d+/);
    expect(['always', 'madvise', 'never', 'unknown']).toContain(m.hugePages);
  });
});
