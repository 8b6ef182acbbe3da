import { createHash } from 'node:crypto';

/** sha256 of a schema's text, lowercase hex: SubgraphVersion.sdlHash, SupergraphVersion.sdlHash, /ready's sdlHash. */
export function sdlHash(sdl: string): string {
  return createHash('sha256').update(sdl, 'utf8').digest('hex');
}
