import { createWriteStream } from 'node:fs';
import { DEFAULT_SEED, generateWorld } from './generator';

/**
 * `npm run seed -- --people 100000 [--companies N] [--seed N] [--out world.json]`:
 * generates the world every mock serves (golden records plus bulk data), showing
 * progress, and writes it as JSON (standard output when --out is absent).
 */
function parseArgs(argv: string[]): { people: number; companies?: number; seed: number; out?: string } {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(people|companies|seed|out)$/.exec(argv[i]!);
    if (!m || argv[i + 1] === undefined)
      throw new Error(`usage: seed --people N [--companies N] [--seed N] [--out FILE] (got ${argv[i]})`);
    opts[m[1]!] = argv[++i]!;
  }
  const num = (name: string, v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number: ${v}`);
    return n;
  };
  return {
    people: num('people', opts.people, 1_000),
    companies: opts.companies === undefined ? undefined : num('companies', opts.companies, 0),
    seed: num('seed', opts.seed, DEFAULT_SEED),
    out: opts.out,
  };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const world = generateWorld({
    people: args.people,
    companies: args.companies,
    seed: args.seed,
    onProgress: (done, total) => {
      const pct = Math.floor((done / total) * 100);
      const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
      process.stderr.write(`\rgenerating [${bar}] ${pct}% ${done}/${total} records`);
    },
  });
  process.stderr.write(
    `\ngenerated ${world.people.length} people, ${world.companies.length} companies, ${world.certificates.length} certificates, ` +
      `${world.properties.length} properties in ${Date.now() - started} ms\n`,
  );
  const out = args.out ? createWriteStream(args.out) : process.stdout;
  out.write(JSON.stringify(world));
  if (args.out)
    (out as ReturnType<typeof createWriteStream>).end(() => process.stderr.write(`written to ${args.out}\n`));
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
