import { readFileSync } from 'node:fs';

/** The parsed JSON of `file`; a missing, unreadable or malformed file throws naming it as `what`. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${what} ${file} cannot be read${code ? ` (${code})` : ''}`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} ${file} is not valid JSON`, { cause: e });
  }
}
