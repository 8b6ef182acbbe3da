import { readFileSync } from 'node:fs';
import path from 'node:path';

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const FONT_FILE = path.join('400Regular', 'NotoSansSC_400Regular.ttf');

let cached: Buffer | undefined;

/**
 * Noto Sans SC Regular, read once: a CJK font, so Chinese titles and names render on the
 * paper copy (PDF's standard fonts have no Chinese glyphs). The package's exports map
 * hides the TTF from require.resolve, so it is found by walking the module search paths.
 */
export function notoSansSc(): Buffer {
  if (cached) return cached;
  for (const dir of require.resolve.paths(FONT_PACKAGE) ?? []) {
    const file = path.join(dir, FONT_PACKAGE, FONT_FILE);
    try {
      cached = readFileSync(file);
      return cached;
    } catch {
      /* not in this node_modules; try the next */
    }
  }
  throw new Error(`${FONT_PACKAGE} is not installed: the printable certificate needs ${FONT_FILE}`);
}
