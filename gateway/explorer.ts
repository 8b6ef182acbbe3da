import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type http from 'node:http';

/**
 * The self-hosted GraphiQL explorer: graphiql 3's browser build with React 18's UMD files,
 * served from node_modules so it works on an offline government network (no CDN).
 */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  '/explorer/react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  '/explorer/react-dom.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    type: 'text/javascript',
  },
  '/explorer/graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  '/explorer/graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/**
 * A file inside an installed package. Not require.resolve: these packages' `exports`
 * maps hide their browser builds from it.
 */
function packageFile(pkg: string, file: string): string {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${pkg}/${file} is not installed (npm install)`);
}

const cache = new Map<string, Buffer>();

function asset(path: string): { body: Buffer; type: string } | undefined {
  const a = ASSETS[path];
  if (!a) return undefined;
  let body = cache.get(path);
  if (!body) {
    body = readFileSync(packageFile(a.pkg, a.file));
    cache.set(path, body);
  }
  return { body, type: a.type };
}

/** The first query the explorer shows, with its variables. */
export interface ExplorerExample {
  query: string;
  variables: Record<string, unknown>;
}

export function explorerHtml(example: ExplorerExample): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>One-window data layer: explorer</title>
<link rel="stylesheet" href="/explorer/graphiql.css">
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Loading the explorer...</div>
<script src="/explorer/react.js"></script>
<script src="/explorer/react-dom.js"></script>
<script src="/explorer/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: window.location.origin + '/graphql', headers: { 'x-channel': 'counter' } });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: ${JSON.stringify(example.query)},
      variables: ${JSON.stringify(JSON.stringify(example.variables, null, 2))},
      defaultEditorToolsVisibility: 'variables',
    }),
  );
</script>
</body>
</html>`;
}

/** Serves the explorer page and its assets; returns false when the request is not for them. */
export function serveExplorer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  example: ExplorerExample,
): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method !== 'GET') return false;
  const a = asset(path);
  if (a) {
    res.writeHead(200, { 'content-type': a.type, 'cache-control': 'public, max-age=86400' });
    res.end(a.body);
    return true;
  }
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  if ((path === '/' || path === '/graphql') && wantsHtml && !(req.url ?? '').includes('query=')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(explorerHtml(example));
    return true;
  }
  return false;
}
