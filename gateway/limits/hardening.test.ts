import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayHardeningFromEnv } from './hardening';
import { noIntrospectionRule } from './introspection';

const REPO = path.resolve(__dirname, '..', '..');

describe('gatewayHardeningFromEnv', () => {
  it('gives Apollo Server the token limit, three limit rules and the cost plugin, with introspection on in development', () => {
    const h = gatewayHardeningFromEnv({}, REPO);
    expect(h.parseOptions).toEqual({ maxTokens: 4000 });
    expect(h.validationRules).toHaveLength(3);
    expect(h.validationRules).not.toContain(noIntrospectionRule);
    expect(h.plugins).toHaveLength(1);
    expect([h.introspection, h.safelistMode]).toEqual([true, 'off']);
    expect([...h.safelist.channels.keys()].sort()).toEqual(['app', 'counter', 'portal', 'terminal']);
  });

  it('adds the introspection refusal when it is off, and reads the safelist mode', () => {
    const h = gatewayHardeningFromEnv(
      { GATEWAY_INTROSPECTION: 'off', GATEWAY_SAFELIST: 'on', GATEWAY_MAX_DEPTH: '20' },
      REPO,
    );
    expect(h.validationRules).toContain(noIntrospectionRule);
    expect([h.safelistMode, h.limits.maxDepth]).toEqual(['safelist', 20]);
  });

  it('refuses to start in production without real keys', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'hardening-'));
    try {
      expect(() => gatewayHardeningFromEnv({ NODE_ENV: 'production' }, REPO, cwd)).toThrow(
        /^refusing to start: insecure production settings \(NODE_ENV=production\):\n- AUTH_JWKS_FILE .*issuer\.jwks\.json is missing\n/,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('stops on a bad value, naming the variable', () => {
    expect(() => gatewayHardeningFromEnv({ GATEWAY_SAFELIST: 'yes' }, REPO)).toThrow(
      'GATEWAY_SAFELIST must be on or off: yes',
    );
  });
});
