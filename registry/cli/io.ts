import type { RegistryStore } from '../model';

/** Where the registry CLI writes and what it runs against; tests pass their own, `main` the process's. */
export interface CliIo {
  /** One line of the command's answer (human text, or the JSON with `--json`). */
  stdout(line: string): void;
  /** One line of diagnostics: usage, input errors, refusals' summary. */
  stderr(line: string): void;
  /** The environment the store and the default publisher name come from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Opens the registry's store. @default registryStoreFromEnv(env) */
  openStore?: () => Promise<RegistryStore>;
  /** The checkout whose subgraphs and manifests `bootstrap` registers. @default the repository root */
  root?: string;
}

/** Exit codes: landed or ok; refused or a check that is not ok; usage or input error (missing file, bad flag). */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A mistake in the command line or its input files: printed with the usage hint, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every command gets: where to write, whether to print JSON, and the registry, opened on first use. */
export interface CommandContext {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** `--json`: one JSON document on stdout instead of human text. */
  json: boolean;
  root: string;
  /** Opens the store once (a usage error never opens it). */
  registry(): Promise<import('../schema-registry').SchemaRegistry>;
}

/** Prints `value` as the command's JSON answer. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}
