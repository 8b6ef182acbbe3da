import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './io';

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** One command's arguments: its positionals and flags, after `--json` and `--help` are taken out. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

/**
 * Parses a command's arguments strictly (an unknown flag or a missing value is a UsageError naming
 * it), with `min`..`max` positionals whose names say what is missing.
 */
export function parseCommand(
  command: string,
  args: string[],
  options: OptionSpec,
  positionalNames: { required: string[]; optional?: string[] },
): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const { required, optional = [] } = positionalNames;
  const got = parsed.positionals;
  if (got.length < required.length)
    throw new UsageError(
      `${command}: missing ${required
        .slice(got.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  if (got.length > required.length + optional.length)
    throw new UsageError(
      `${command}: unexpected argument ${JSON.stringify(got[required.length + optional.length])}`,
    );
  return { positionals: got, flags: parsed.values as ParsedArgs['flags'] };
}

/** A flag that must be a whole number from 1 to `max` (`--limit 20`, `--to 3`). */
export function wholeNumberFlag(
  flags: ParsedArgs['flags'],
  name: string,
  max = 1_000_000,
): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}: ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** A string flag, or undefined; an empty value is a UsageError (`--as ""` would record nobody). */
export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new UsageError(`--${name} needs a value`);
  return raw.trim();
}

/** A file's text, or a UsageError naming the file and why it cannot be read (exit 2, nothing sent). */
export function readInputFile(what: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new UsageError(`cannot read the ${what} ${file}: ${why}`);
  }
}
