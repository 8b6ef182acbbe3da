import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDataLayerError } from '../../adapters/kit/errors';
import { SUBGRAPHS } from '../../gateway/departments';
import { ensureDemoKeys, loadPrivateJwk } from '../keys/key-store';
import { DEMO_AUDIENCE, DEMO_ISSUER } from './auth-config';
import { actorFromClaims, TOKEN_ROLES, type TokenRole } from './claims';
import { mintToken, type TokenClaims } from './mint';

const USAGE = `Mints a demo token signed with the demo issuer key (.data/keys, or KEY_DIR).

  npm run -s token -- --role <role> [options]

  --role citizen        --person <identity number>          (sub defaults to the person id)
  --role company_agent  --company <credit code> [--sub agent-01]
  --role officer        --department <subgraph> [--window A-07] [--sub officer-0001]
  --role auditor        [--sub auditor-01]
  --role service        --client <client id> [--scope "a:b c:d"]  (sub defaults to the client id)

  --scope "<scopes>"    space-separated scopes, any role
  --ttl <seconds>       lifetime, 1 to 86400 (default 3600)
  --help                this text

Departments: ${SUBGRAPHS.map((s) => s.name).join(', ')}

The token goes to stdout alone: TOKEN=$(npm run -s token -- --role auditor)
Issuer and audience follow AUTH_ISSUER / AUTH_AUDIENCE when set. Refused when NODE_ENV=production.`;

/** The `sub` a role's token gets when --sub is not given. */
const DEFAULT_SUB: Partial<Record<TokenRole, string>> = {
  company_agent: 'agent-01',
  officer: 'officer-0001',
  auditor: 'auditor-01',
};

/** The flag each role cannot do without. */
const REQUIRED_FLAG: Partial<Record<TokenRole, string>> = {
  citizen: 'person',
  company_agent: 'company',
  officer: 'department',
  service: 'client',
};

/** Which role each role-specific flag belongs to. */
const FLAG_ROLE = {
  person: 'citizen',
  company: 'company_agent',
  department: 'officer',
  window: 'officer',
  client: 'service',
} as const;

interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** `npm run token`: returns the exit code (0 minted, 2 refused or bad arguments). */
export async function tokenCli(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  if (env.NODE_ENV === 'production') {
    io.stderr(
      'token: refusing to mint demo tokens when NODE_ENV=production; tokens come from the identity provider',
    );
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        person: { type: 'string' },
        company: { type: 'string' },
        department: { type: 'string' },
        window: { type: 'string' },
        client: { type: 'string' },
        scope: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`token: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const fail = (why: string) => {
    io.stderr(`token: ${why}`);
    return 2;
  };
  const str = (k: string) => values[k] as string | undefined;
  const role = str('role');
  if (!role) return fail(`--role is required (${Object.keys(TOKEN_ROLES).join(', ')}); --help for usage`);
  if (!Object.hasOwn(TOKEN_ROLES, role))
    return fail(`--role must be one of ${Object.keys(TOKEN_ROLES).join(', ')}: ${role}`);
  const tokenRole = role as TokenRole;
  const needed = REQUIRED_FLAG[tokenRole];
  if (needed && !str(needed)) return fail(`--role ${tokenRole} needs --${needed}`);
  for (const [flag, owner] of Object.entries(FLAG_ROLE))
    if (str(flag) !== undefined && owner !== tokenRole) return fail(`--${flag} is only for --role ${owner}`);

  const ttlText = str('ttl') ?? '3600';
  const ttl = Number(ttlText);
  if (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > 86_400)
    return fail(`--ttl must be a number of seconds from 1 to 86400: ${ttlText}`);

  const sub =
    str('sub') ??
    (tokenRole === 'citizen'
      ? str('person')
      : tokenRole === 'service'
        ? str('client')
        : DEFAULT_SUB[tokenRole]);
  const claims: TokenClaims = {
    role: tokenRole,
    sub: sub ?? '',
    person: str('person'),
    company: str('company'),
    department: str('department'),
    window: str('window'),
    client_id: str('client'),
    scope: str('scope'),
  };
  const issuer = env.AUTH_ISSUER || DEMO_ISSUER;
  const audience = env.AUTH_AUDIENCE || DEMO_AUDIENCE;
  let actor;
  try {
    // The same check the data layer makes, so a token that would be refused is never printed.
    actor = actorFromClaims({ ...claims, iss: issuer });
  } catch (e) {
    if (isDataLayerError(e)) return fail(e.message);
    throw e;
  }
  // Sign the canonical forms (upper case, trimmed), as an identity provider would.
  if (actor.person) {
    if (claims.sub === claims.person) claims.sub = actor.person;
    claims.person = actor.person;
  }
  if (actor.company) claims.company = actor.company;

  const paths = await ensureDemoKeys(env.KEY_DIR ? path.resolve(env.KEY_DIR) : undefined);
  const privateJwk = loadPrivateJwk(paths.issuerPrivate);
  const token = await mintToken(claims, { privateJwk, issuer, audience, ttlSeconds: ttl });
  io.stdout(token);
  const detail = [
    actor.person,
    actor.company,
    actor.department,
    actor.window && `window ${actor.window}`,
    actor.client,
  ]
    .filter((d) => d && d !== claims.sub)
    .join(', ');
  const expires = new Date(Date.now() + ttl * 1000).toISOString();
  io.stderr(
    `token: ${tokenRole} ${claims.sub}${detail ? ` (${detail})` : ''}, kid ${privateJwk.kid}, expires ${expires}; ` +
      'send it as "Authorization: Bearer <token>"',
  );
  return 0;
}

if (require.main === module) {
  tokenCli(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`token: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
