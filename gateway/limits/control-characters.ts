import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import { DataLayerError, quoted } from '../../adapters/kit/errors';

/**
 * U+0000 (NUL) is no part of any identifier, code, search or note a department keeps, and the
 * stores behind the graph do not agree on it: PostgreSQL refuses it inside a bound text parameter
 * (`invalid byte sequence for encoding "UTF8": 0x00`, which a client would see as INTERNAL),
 * SQLite's LIKE ends its pattern there (`a\u0000zzz` searches for `a`), and a mainframe gateway
 * may take it as the end of its buffer. So the gateway refuses it in every argument, before
 * anything runs, with one clear INVALID_ARGUMENT (HTTP 400) naming where it was.
 */
const NUL = '\u0000';

/** Path segments shown in a message; a deeper path is cut with `…` (a body may nest 500,000 levels). */
const MAX_SEGMENTS = 12;

/** A member name shown as `.name`; anything else is shown as `["…"]`, JSON-quoted and cut. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** One value met in the walk: where it hangs (its key in its parent) and its parent, for naming the path. */
interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
}

/**
 * Returns `body` (the parsed JSON of a POST) unchanged, or throws INVALID_ARGUMENT on the first
 * string holding U+0000, in document order: the operation text, the operation name, the
 * variables at any depth, the extensions, a member name, each request of a batch (an array).
 * The message names where, e.g. `variables.input.suppliedMaterials[0].reference` or `[1].query`,
 * never the value itself. The operation text is refused for a `\u0000` (or `\u{0}`) escape in a
 * string literal too, which the GraphQL parser would turn into a NUL argument. The walk keeps
 * its own stack, so no nesting depth can overflow the call stack.
 */
export function refuseNul(body: unknown): unknown {
  const where = findNul({ value: body, key: undefined, parent: undefined }, isOperationText);
  if (where !== undefined) throw nulRefused(where);
  return body;
}

/**
 * Returns `search` (a GET request's `?query=…&variables=…`, percent-decoded here) unchanged, or
 * throws INVALID_ARGUMENT as `refuseNul` does: for a NUL in a parameter's name or value, in the
 * operation text (raw or as a GraphQL escape), or inside the JSON of `variables` or `extensions`
 * (where it travels as the JSON escape `\u0000`). JSON that does not parse is left to Apollo Server.
 */
export function refuseNulInSearch(search: string): string {
  for (const [name, value] of new URLSearchParams(search)) {
    const param: Visit = { value, key: name, parent: undefined };
    if (name.includes(NUL) || value.includes(NUL) || (name === 'query' && escapesNul(value)))
      throw nulRefused(pathOf(param));
    if (name !== 'variables' && name !== 'extensions') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    const where = findNul({ value: parsed, key: name, parent: undefined }, () => false);
    if (where !== undefined) throw nulRefused(where);
  }
  return search;
}

function nulRefused(where: string): DataLayerError {
  return new DataLayerError(
    'INVALID_ARGUMENT',
    `the request holds U+0000 (NUL) at ${where}; no argument may carry it`,
  );
}

/** The path of the first string or member name holding a NUL under `root`, depth first; undefined when none. */
function findNul(root: Visit, operation: (v: Visit) => boolean): string | undefined {
  const stack: Visit[] = [root];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value, key } = visit;
    if (typeof key === 'string' && key.includes(NUL)) return pathOf(visit);
    if (typeof value === 'string') {
      if (value.includes(NUL) || (operation(visit) && escapesNul(value))) return pathOf(visit);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit });
    } else if (typeof value === 'object' && value !== null) {
      const members = Object.entries(value);
      for (let i = members.length - 1; i >= 0; i--)
        stack.push({ value: members[i]![1], key: members[i]![0], parent: visit });
    }
  }
  return undefined;
}

/** `query` of the request object: the body itself, or one request of a batch. */
function isOperationText(visit: Visit): boolean {
  const request = visit.parent;
  if (visit.key !== 'query' || request === undefined) return false;
  return (
    request.parent === undefined || (request.parent.parent === undefined && typeof request.key === 'number')
  );
}

/**
 * Whether a GraphQL string literal in `text` decodes to a NUL (`"\u0000"`, `"\u{0}"`). Only texts
 * with a `\u` are lexed; a text that does not lex is left for Apollo Server to refuse.
 */
function escapesNul(text: string): boolean {
  if (!text.includes('\\u')) return false;
  const lexer = new Lexer(new Source(text));
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance())
      if (token.kind === TokenKind.STRING && token.value.includes(NUL)) return true;
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
  }
  return false;
}

/** `variables.input.list[2].note`; `the request body` for the body itself; cut after MAX_SEGMENTS. */
function pathOf(visit: Visit): string {
  const keys: (string | number)[] = [];
  for (let v: Visit | undefined = visit; v !== undefined; v = v.parent)
    if (v.key !== undefined) keys.push(v.key);
  keys.reverse();
  if (keys.length === 0) return 'the request body';
  const shown = keys.slice(0, MAX_SEGMENTS).map((k, i) => {
    if (typeof k === 'number') return `[${k}]`;
    if (PLAIN_NAME.test(k)) return i === 0 ? k : `.${k}`;
    return `[${quoted(k)}]`;
  });
  return shown.join('') + (keys.length > MAX_SEGMENTS ? '…' : '');
}
