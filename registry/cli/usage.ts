import { SUBGRAPHS } from '../../gateway/departments';
import { SAFELIST_CHANNELS } from '../../gateway/limits/safelist';

/** `npm run subgraph -- help`. */
export const USAGE = `The schema registry: departments publish their subgraphs, channel apps register their operations.

  npm run subgraph -- publish <department> <schema file> [--url URL] [--as NAME] [--override REASON]
  npm run subgraph -- check <department> <schema file> [--url URL]
  npm run subgraph -- list [<department>] [--events] [--limit N]
  npm run subgraph -- rollback [--to N] [--as NAME]
  npm run subgraph -- bootstrap [--as NAME]
  npm run operations -- register <channel> <manifest.json> [--as NAME]
  npm run operations -- list [<channel>]

  --json      print JSON (the same documents as the HTTP API) instead of text
  --as NAME   who is recorded as publisher (default: $USER@hostname)

Exit status: 0 landed or ok, 1 refused or check not ok, 2 usage or input error.
Store: REGISTRY_DATABASE_URL or DATABASE_URL (PostgreSQL), else SQLite at REGISTRY_SQLITE_PATH
(default .data/registry.sqlite).

Departments: ${SUBGRAPHS.map((s) => s.name).join(', ')}
Channels: ${SAFELIST_CHANNELS.join(', ')}`;
