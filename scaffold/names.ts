import { DataLayerError, quoted } from '../adapters/kit/errors';

/** Every spelling of a new department's code the templates need. */
export interface DepartmentNames {
  /** Folder name and subgraph name, lower-case kebab: `civil-affairs`. */
  code: string;
  /** Types: `CivilAffairs` (the record type is `CivilAffairsRecord`). */
  pascal: string;
  /** Fields and functions: `civilAffairs` (the Person field is `civilAffairsRecord`). */
  camel: string;
  /** Environment variables: `CIVIL_AFFAIRS` (`CIVIL_AFFAIRS_PORT`, `CIVIL_AFFAIRS_URL`...). */
  constant: string;
  /** The department's name in descriptions and READMEs: `Civil Affairs Bureau`. */
  title: string;
  /** Prefix of the demo file numbers: the initials, `CA`. */
  abbreviation: string;
}

/** A department code: lower-case words of letters and digits joined by single hyphens, 2 to 40 characters. */
const CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_CODE_LENGTH = 40;
/**
 * A title goes into GraphQL descriptions, comments and READMEs: letters (any script), digits,
 * spaces and `,.&()'-`, nothing that would end a string or a comment there.
 */
const TITLE = /^[\p{L}\p{N}][\p{L}\p{N} ,.&()'-]*$/u;
const MAX_TITLE_LENGTH = 80;

const invalid = (message: string) => new DataLayerError('INVALID_ARGUMENT', message);

/**
 * The names of department `code` (checked: INVALID_ARGUMENT naming what is wrong).
 * @param title the department's name; @default the code's words capitalised (`Civil Affairs`)
 */
export function departmentNames(code: string, title?: string): DepartmentNames {
  if (typeof code !== 'string' || code === '')
    throw invalid('give the department code, e.g. npm run new:department -- civil-affairs');
  if (code.length > MAX_CODE_LENGTH || !CODE.test(code))
    throw invalid(
      `department code ${quoted(code)} must be lower-case kebab: letters and digits in words joined by single hyphens, starting with a letter, at most ${MAX_CODE_LENGTH} characters (e.g. civil-affairs)`,
    );
  const words = code.split('-');
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const t = title === undefined ? words.map(cap).join(' ') : title.trim();
  if (t === '' || t.length > MAX_TITLE_LENGTH || !TITLE.test(t))
    throw invalid(
      `title ${quoted(title ?? '')} must be 1 to ${MAX_TITLE_LENGTH} letters, digits, spaces or ,.&()'- (e.g. "Civil Affairs Bureau")`,
    );
  const pascal = words.map(cap).join('');
  return {
    code,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    constant: code.toUpperCase().replace(/-/g, '_'),
    title: t,
    abbreviation: (words.length > 1
      ? words.map((w) => w.charAt(0)).join('')
      : code.slice(0, 2)
    ).toUpperCase(),
  };
}
