import { parseArgs } from 'node:util';
import { SUBGRAPHS } from '../../gateway/departments';
import { KEY_FILES, keyFileFromEnv } from '../keys/key-store';
import { deriveContextKey, generateContextSecret, loadContextSecret } from './context-keys';

const USAGE = `Makes the keys of the signed context the gateway sends subgraphs (HMAC-SHA256, one key per subgraph).

  npm run -s context-key -- --new --kid <key id>
      a new gateway secret (a JWK) on stdout: the gateway's CONTEXT_SIGNING_KEY_FILE; keep it secret
  npm run -s context-key -- --subgraph <name> [--secret <file>]...
      the key set (a JWKS) of one subgraph on stdout: its CONTEXT_VERIFY_KEYS_FILE. One key per
      --secret (default: CONTEXT_SIGNING_KEY_FILE, else .data/keys/context.secret.jwk.json); name
      the old and the new secret while rotating. The file opens that subgraph alone.

  --help    this text

Subgraphs: ${SUBGRAPHS.map((s) => s.name).join(', ')}`;

interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** `npm run context-key`: returns the exit code (0 written, 2 bad arguments or an unusable secret). */
export function contextKeyCli(argv: string[], env: NodeJS.ProcessEnv, io: Io): number {
  const fail = (message: string) => {
    io.stderr(`${message}\n\n${USAGE}`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        new: { type: 'boolean' },
        kid: { type: 'string' },
        subgraph: { type: 'string' },
        secret: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    return fail((e as Error).message);
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (Boolean(values.new) === Boolean(values.subgraph)) return fail('give either --new or --subgraph');
  if (values.new) {
    if (!values.kid) return fail('--new needs --kid, the new key id (e.g. ctx-2026-12)');
    io.stdout(JSON.stringify(generateContextSecret(values.kid), null, 2));
    io.stderr(
      `context-key: a new gateway secret, kid ${values.kid}; give each subgraph its key with --subgraph`,
    );
    return 0;
  }
  const audience = values.subgraph!;
  if (!SUBGRAPHS.some((s) => s.name === audience)) return fail(`unknown subgraph "${audience}"`);
  const files = values.secret ?? [keyFileFromEnv(KEY_FILES.contextSecret, env)];
  let keys;
  try {
    keys = files.map((file) => deriveContextKey(loadContextSecret(file), audience));
  } catch (e) {
    return fail((e as Error).message);
  }
  const kids = keys.map((k) => k.kid!);
  if (new Set(kids).size !== kids.length) return fail(`two secrets with one kid (${kids.join(', ')})`);
  io.stdout(JSON.stringify({ keys }, null, 2));
  io.stderr(`context-key: the key set of subgraph ${audience}, kid ${kids.join(', ')}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = contextKeyCli(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
  });
}
