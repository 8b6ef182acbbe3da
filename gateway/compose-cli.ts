import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CompositionFailed, composeSupergraph, localSubgraphs } from './compose';

/** `npm run compose`: composes subgraphs/*\/schema.graphql into gateway/supergraph.graphql. */
const root = path.resolve(__dirname, '..');
const out = path.join(root, 'gateway', 'supergraph.graphql');
try {
  const sdl = composeSupergraph(localSubgraphs(root));
  writeFileSync(out, sdl.endsWith('\n') ? sdl : sdl + '\n');
  console.log(`supergraph written to ${path.relative(root, out)}`);
} catch (e) {
  if (e instanceof CompositionFailed) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
