import { logger } from '../adapters/kit/logger';
import path from 'node:path';
import { isDataLayerError } from '../adapters/kit/errors';
import type { ErrorCode } from '../adapters/kit/error-codes';
import { bootstrapCommand } from './cli/bootstrap';
import { EXIT, printJson, UsageError, type CliIo, type CommandContext } from './cli/io';
import { listCommand } from './cli/list';
import { operationsCommand } from './cli/operations';
import { checkCommand, publishCommand } from './cli/publish';
import { rollbackCommand } from './cli/rollback';
import { USAGE } from './cli/usage';
import type { RegistryStore } from './model';
import { SchemaRegistry } from './schema-registry';
import { registryStoreFromEnv } from './store/open-registry-store';

export type { CliIo } from './cli/io';

const COMMANDS: Record<string, (args: string[], ctx: CommandContext) => Promise<number>> = {
  publish: publishCommand,
  check: checkCommand,
  list: listCommand,
  rollback: rollbackCommand,
  bootstrap: bootstrapCommand,
  operations: operationsCommand,
};

/** Typed errors that mean "refused" (exit 1); every other typed error is bad input (exit 2). */
const REFUSED: readonly ErrorCode[] = [
  'SCHEMA_INVALID',
  'TYPE_NOT_OWNED',
  'COMPOSITION_FAILED',
  'OPERATIONS_WOULD_BREAK',
  'OPERATION_INVALID',
  'REGISTRY_CONFLICT',
];

/**
 * `npm run subgraph -- <command>` and `npm run operations -- <command>` (argv starts with
 * `operations`): runs one command and returns its exit code, 0 landed or ok, 1 refused or check not
 * ok, 2 usage or input error. Never throws for a typed error; the store is opened only when the
 * command needs it, and closed before returning.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || args.includes('--help') || args.includes('-h')) {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(
      `subgraph: unknown command ${JSON.stringify(command)}; \`npm run subgraph -- help\` lists them`,
    );
    return EXIT.usage;
  }
  let store: RegistryStore | undefined;
  let registry: SchemaRegistry | undefined;
  const ctx: CommandContext = {
    io,
    env,
    json,
    root: io.root ?? path.resolve(__dirname, '..'),
    async registry() {
      if (!registry) {
        const opened = await (io.openStore ? io.openStore() : registryStoreFromEnv(env));
        store = opened;
        registry = new SchemaRegistry(opened);
      }
      return registry;
    },
  };
  try {
    return await run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`subgraph: ${e.message}`);
      return EXIT.usage;
    }
    if (!isDataLayerError(e)) throw e;
    if (json) printJson(io, { ok: false, error: { code: e.code, message: e.message } });
    io.stderr(`subgraph: ${e.code}: ${e.message}`);
    return REFUSED.includes(e.code) ? EXIT.refused : EXIT.usage;
  } finally {
    await store?.close();
  }
}

if (require.main === module) {
  // A command prints what it did; the registry's own info log lines would repeat it (LOG_LEVEL wins).
  if (process.env.LOG_LEVEL === undefined) logger.level = 'warn';
  runCli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(line + '\n'),
    stderr: (line) => process.stderr.write(line + '\n'),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`subgraph: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
