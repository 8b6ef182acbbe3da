import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertProductionSettings, checkProductionSettings } from './production-settings';

describe('checkProductionSettings', () => {
  let cwd: string;
  let keys: string;

  /** Writes the three key files as production would have them: kids that are not demo ones. */
  function realKeys(): void {
    writeFileSync(
      path.join(keys, 'issuer.jwks.json'),
      JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid: 'idp-2026-01' }] }),
    );
    writeFileSync(
      path.join(keys, 'context.secret.jwk.json'),
      JSON.stringify({ kty: 'OKP', kid: 'ctx-2026-01' }),
    );
    writeFileSync(
      path.join(keys, 'audit.private.jwk.json'),
      JSON.stringify({ kty: 'OKP', kid: 'audit-2026-01' }),
    );
  }

  beforeEach(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'prod-settings-'));
    keys = path.join(cwd, '.data', 'keys');
    mkdirSync(keys, { recursive: true });
    realKeys();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  const production = { NODE_ENV: 'production' };

  it('finds nothing wrong with a clean production configuration', () => {
    expect(checkProductionSettings(production, cwd)).toEqual([]);
    expect(
      checkProductionSettings(
        {
          ...production,
          GATEWAY_INTROSPECTION: 'off',
          AUTH_JWKS_URL: 'https://idp.example.gov.cn/.well-known/jwks.json',
          AUTH_ALGORITHMS: 'EdDSA,RS256',
        },
        cwd,
      ),
    ).toEqual([]);
    expect(() => assertProductionSettings(production, cwd)).not.toThrow();
  });

  it('checks nothing outside production, where the demo keys and the development flag belong', () => {
    rmSync(keys, { recursive: true });
    expect(checkProductionSettings({ OWDL_INSECURE_NO_AUTH: '1', GATEWAY_INTROSPECTION: 'on' }, cwd)).toEqual(
      [],
    );
    expect(checkProductionSettings({ NODE_ENV: 'development', OWDL_INSECURE_NO_AUTH: '1' }, cwd)).toEqual([]);
  });

  it('refuses the development flag that turns authentication off', () => {
    expect(checkProductionSettings({ ...production, OWDL_INSECURE_NO_AUTH: '1' }, cwd)).toEqual([
      'OWDL_INSECURE_NO_AUTH is set ("1"): authentication must never be off in production; unset it',
    ]);
  });

  it('refuses a demo key in any of the three key files, JWKS or single JWK', () => {
    writeFileSync(
      path.join(keys, 'issuer.jwks.json'),
      JSON.stringify({ keys: [{ kid: 'idp-2026-01' }, { kid: 'demo-issuer-1' }] }),
    );
    writeFileSync(path.join(keys, 'audit.private.jwk.json'), JSON.stringify({ kid: 'demo-audit-1' }));
    expect(checkProductionSettings(production, cwd)).toEqual([
      `AUTH_JWKS_FILE ${path.join(keys, 'issuer.jwks.json')} holds the demo key demo-issuer-1 (made by npm start; anyone with the repository can make its twin): configure real keys`,
      `AUDIT_SIGNING_KEY_FILE ${path.join(keys, 'audit.private.jwk.json')} holds the demo key demo-audit-1 (made by npm start; anyone with the repository can make its twin): configure real keys`,
    ]);
  });

  it('reads the files the variables name, relative to the working directory, and KEY_DIR for the defaults', () => {
    mkdirSync(path.join(cwd, 'secrets'));
    writeFileSync(path.join(cwd, 'secrets', 'ctx.json'), JSON.stringify({ kid: 'demo-context-2' }));
    expect(
      checkProductionSettings({ ...production, CONTEXT_SIGNING_KEY_FILE: 'secrets/ctx.json' }, cwd),
    ).toEqual([
      `CONTEXT_SIGNING_KEY_FILE ${path.join(cwd, 'secrets', 'ctx.json')} holds the demo key demo-context-2 (made by npm start; anyone with the repository can make its twin): configure real keys`,
    ]);
    expect(checkProductionSettings({ ...production, KEY_DIR: 'secrets' }, cwd)).toEqual([
      `AUTH_JWKS_FILE ${path.join(cwd, 'secrets', 'issuer.jwks.json')} is missing`,
      `CONTEXT_SIGNING_KEY_FILE ${path.join(cwd, 'secrets', 'context.secret.jwk.json')} is missing`,
      `AUDIT_SIGNING_KEY_FILE ${path.join(cwd, 'secrets', 'audit.private.jwk.json')} is missing`,
    ]);
  });

  it('refuses a key file that is missing, not JSON, or holds no key', () => {
    rmSync(path.join(keys, 'context.secret.jwk.json'));
    writeFileSync(path.join(keys, 'audit.private.jwk.json'), 'not json');
    writeFileSync(path.join(keys, 'issuer.jwks.json'), JSON.stringify({ keys: [] }));
    expect(checkProductionSettings(production, cwd)).toEqual([
      `AUTH_JWKS_FILE ${path.join(keys, 'issuer.jwks.json')} holds no key`,
      `CONTEXT_SIGNING_KEY_FILE ${path.join(keys, 'context.secret.jwk.json')} is missing`,
      `AUDIT_SIGNING_KEY_FILE ${path.join(keys, 'audit.private.jwk.json')} is not JSON`,
    ]);
  });

  it('does not look for the JWKS file when AUTH_JWKS_URL names the keys instead', () => {
    rmSync(path.join(keys, 'issuer.jwks.json'));
    expect(
      checkProductionSettings({ ...production, AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks' }, cwd),
    ).toEqual([]);
  });

  it('refuses introspection turned on', () => {
    expect(checkProductionSettings({ ...production, GATEWAY_INTROSPECTION: 'on' }, cwd)).toEqual([
      'GATEWAY_INTROSPECTION=on hands the whole schema to anyone; turn it off in production',
    ]);
  });

  it('refuses keys fetched over plain http', () => {
    expect(
      checkProductionSettings({ ...production, AUTH_JWKS_URL: 'http://idp.internal/jwks' }, cwd),
    ).toEqual([
      'AUTH_JWKS_URL must be an https URL in production (keys fetched in clear can be swapped): http://idp.internal/jwks',
    ]);
  });

  it('refuses none and HS* among the algorithms', () => {
    expect(
      checkProductionSettings({ ...production, AUTH_ALGORITHMS: 'EdDSA, none,HS256 ,hs512' }, cwd),
    ).toEqual([
      "AUTH_ALGORITHMS must not include none, HS256, hs512: unsigned or symmetric tokens can be minted by anyone holding the verifier's secret, or by anyone at all",
    ]);
  });

  it('refuses to start, listing every problem at once', () => {
    writeFileSync(path.join(keys, 'context.secret.jwk.json'), JSON.stringify({ kid: 'demo-context-2' }));
    expect(() =>
      assertProductionSettings(
        { ...production, OWDL_INSECURE_NO_AUTH: 'true', GATEWAY_INTROSPECTION: 'on' },
        cwd,
      ),
    ).toThrow(
      new Error(
        [
          'refusing to start: insecure production settings (NODE_ENV=production):',
          '- OWDL_INSECURE_NO_AUTH is set ("true"): authentication must never be off in production; unset it',
          `- CONTEXT_SIGNING_KEY_FILE ${path.join(keys, 'context.secret.jwk.json')} holds the demo key demo-context-2 (made by npm start; anyone with the repository can make its twin): configure real keys`,
          '- GATEWAY_INTROSPECTION=on hands the whole schema to anyone; turn it off in production',
        ].join('\n'),
      ),
    );
  });
});
