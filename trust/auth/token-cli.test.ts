import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { DEMO_AUDIENCE, DEMO_ISSUER } from './auth-config';
import { createAuthenticator } from './authenticate';
import { tokenCli } from './token-cli';

const root = path.resolve(__dirname, '../..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'token-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI the way `npm run token` does, in its own process. */
function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['ts-node', '--transpile-only', 'trust/auth/token-cli.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

function authenticator(keyDir: string) {
  return createAuthenticator({
    issuer: DEMO_ISSUER,
    audience: DEMO_AUDIENCE,
    algorithms: ['EdDSA'],
    jwksFile: path.join(keyDir, 'issuer.jwks.json'),
    clockToleranceSec: 0,
  });
}

describe('npm run token', () => {
  it('prints only a token on stdout, and two processes started at once share one new demo key', async () => {
    const keyDir = path.join(dir, 'keys');
    const [officer, citizen] = await Promise.all([
      run(
        ['--role', 'officer', '--department', 'service-center', '--window', 'A-07', '--sub', 'officer-0042'],
        {
          KEY_DIR: keyDir,
        },
      ),
      run(['--role', 'citizen', '--person', '310107199003070017'], { KEY_DIR: keyDir }),
    ]);
    expect([officer.code, citizen.code]).toEqual([0, 0]);
    expect(officer.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(officer.err).toMatch(
      /^token: officer officer-0042 \(service-center, window A-07\), kid demo-issuer-1, /,
    );
    const auth = authenticator(keyDir);
    expect(await auth.kids()).toEqual(['demo-issuer-1']);
    expect(await auth.authenticate(`Bearer ${officer.out.trim()}`)).toStrictEqual({
      id: 'officer-0042',
      role: 'OFFICER',
      department: 'service-center',
      window: 'A-07',
      scopes: [],
      issuer: DEMO_ISSUER,
      tokenId: decodeJwt(officer.out).jti,
    });
    expect(await auth.authenticate(`Bearer ${citizen.out.trim()}`)).toStrictEqual({
      id: '310107199003070017',
      role: 'CITIZEN',
      person: '310107199003070017',
      scopes: [],
      issuer: DEMO_ISSUER,
      tokenId: decodeJwt(citizen.out).jti,
    });
  });

  it('refuses to mint when NODE_ENV=production, before touching any key', async () => {
    const keyDir = path.join(dir, 'keys');
    const res = await run(['--role', 'auditor'], { KEY_DIR: keyDir, NODE_ENV: 'production' });
    expect(res).toEqual({
      code: 2,
      out: '',
      err: 'token: refusing to mint demo tokens when NODE_ENV=production; tokens come from the identity provider\n',
    });
    expect(existsSync(keyDir)).toBe(false);
  });
});

describe('tokenCli', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await tokenCli(
      args,
      { KEY_DIR: dir },
      { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    );
    return { code, out, err };
  }

  it('defaults a citizen sub to the canonical person id and a service sub to the client id', async () => {
    const citizen = await cli(['--role', 'citizen', '--person', 'p-gbr-533401827']);
    const service = await cli([
      '--role',
      'service',
      '--client',
      'terminal-putuo-03',
      '--scope',
      'certificate:verify digital-id:verify',
      '--ttl',
      '600',
    ]);
    const auth = authenticator(dir);
    expect(await auth.authenticate(`Bearer ${citizen.out[0]}`)).toMatchObject({
      id: 'P-GBR-533401827',
      role: 'CITIZEN',
      person: 'P-GBR-533401827',
    });
    expect(await auth.authenticate(`Bearer ${service.out[0]}`)).toMatchObject({
      id: 'terminal-putuo-03',
      role: 'SERVICE',
      client: 'terminal-putuo-03',
      scopes: ['certificate:verify', 'digital-id:verify'],
    });
    const { exp, iat } = decodeJwt(service.out[0]!);
    expect(exp! - iat!).toBe(600);
  });

  it.each([
    [
      ['--role', 'admin'],
      'token: --role must be one of citizen, company_agent, officer, auditor, service: admin',
    ],
    [['--role', 'service'], 'token: --role service needs --client'],
    [
      ['--role', 'citizen', '--person', '31010719900307001x'],
      'token: "person" claim: "31010719900307001x" is not a valid identity number: check digit is X, expected 7',
    ],
    [
      ['--role', 'officer', '--department', 'police'],
      'token: "department" claim "police" is not a department of this data layer',
    ],
    [['--role', 'auditor', '--department', 'health'], 'token: --department is only for --role officer'],
    [
      ['--role', 'auditor', '--ttl', '90000'],
      'token: --ttl must be a number of seconds from 1 to 86400: 90000',
    ],
    [['--role', 'auditor', '--ttl', '1h'], 'token: --ttl must be a number of seconds from 1 to 86400: 1h'],
  ])('refuses %j with exit 2 and prints no token', async (args, message) => {
    expect(await cli(args)).toEqual({ code: 2, out: [], err: [message] });
  });

  it('refuses unknown flags and prints usage for --help', async () => {
    const unknown = await cli(['--role', 'auditor', '--admin']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/^token: Unknown option '--admin'/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.err).toEqual([]);
    expect(help.out[0]).toContain('npm run -s token -- --role <role> [options]');
  });
});
