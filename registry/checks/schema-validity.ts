import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { quoted } from '../../adapters/kit/errors';
import { undocumented } from './descriptions';
import { federationLink } from './federation-link';
import type { SchemaProblem } from './report';

/** The largest subgraph schema a department may publish: 512 KiB of UTF-8 (ours are under 30 KiB). */
export const MAX_SDL_BYTES = 512 * 1024;

/** How many undocumented names a message lists before it says "and N more". */
const LISTED = 20;

/**
 * Check 2 (SCHEMA_INVALID): `sdl` must be at most {@link MAX_SDL_BYTES}, parse (the message gives
 * graphql's line and column), link federation 2 (`extend schema @link(url:
 * "https://specs.apollo.dev/federation/v2.x")`) and describe every type, field, argument and enum
 * value. Returns the problems and the parsed document (null when it does not parse, so the later
 * checks that need a document are skipped).
 */
export function schemaValidity(
  department: string,
  sdl: unknown,
): { problems: SchemaProblem[]; document: DocumentNode | null } {
  const problem = (message: string): SchemaProblem => ({
    code: 'SCHEMA_INVALID',
    subgraph: department,
    message,
  });
  if (typeof sdl !== 'string' || sdl.trim() === '')
    return { problems: [problem('the schema is empty: send the subgraph SDL')], document: null };
  const bytes = Buffer.byteLength(sdl, 'utf8');
  if (bytes > MAX_SDL_BYTES)
    return {
      problems: [
        problem(
          `the schema is ${bytes} bytes, over the ${MAX_SDL_BYTES} bytes (512 KiB) a subgraph may have`,
        ),
      ],
      document: null,
    };
  let document: DocumentNode;
  try {
    document = parse(sdl);
  } catch (e) {
    return { problems: [problem(parseErrorMessage(e))], document: null };
  }
  const problems: SchemaProblem[] = [];
  const link = federationLink(document);
  if (!link.ok) problems.push(problem(link.message));
  const missing = undocumented(sdl);
  if (missing.length) {
    const listed = missing.slice(0, LISTED).map((m) => quoted(m, 80));
    const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
    problems.push(
      problem(
        `every type, field, argument and enum value needs a description; missing on ${listed.join(', ')}${more}`,
      ),
    );
  }
  return { problems, document };
}

/** graphql's syntax error with where it is: `line 3, column 7: Syntax Error: Expected Name, found "}".` */
function parseErrorMessage(e: unknown): string {
  if (e instanceof GraphQLError) {
    const at = e.locations?.[0];
    return `the schema does not parse${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${e.message}`;
  }
  return `the schema does not parse: ${(e as Error).message}`;
}
