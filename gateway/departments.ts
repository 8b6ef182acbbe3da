/**
 * Every subgraph the gateway composes, with the ports `npm start` runs it and its
 * legacy mock on. Production overrides each URL with `<NAME>_SUBGRAPH_URL`.
 */
export interface SubgraphEntry {
  /** Department code: the folder name in subgraphs/ (and mocks/, adapters/ where it has a legacy system). */
  name: string;
  /** Port of the subgraph under `npm start`. */
  port: number;
  /** Ports of its legacy mock (protocol, admin), when it wraps a legacy system. */
  mock?: { port: number; adminPort: number };
}

export const SUBGRAPHS: readonly SubgraphEntry[] = [
  { name: 'public-security', port: 4001, mock: { port: 5101, adminPort: 5201 } },
  { name: 'market-supervision', port: 4002, mock: { port: 5102, adminPort: 5202 } },
  { name: 'health', port: 4003, mock: { port: 5103, adminPort: 5203 } },
  { name: 'housing', port: 4004, mock: { port: 5104, adminPort: 5204 } },
  { name: 'tax', port: 4005, mock: { port: 5105, adminPort: 5205 } },
  { name: 'human-resources', port: 4006, mock: { port: 5106, adminPort: 5206 } },
  { name: 'big-data-center', port: 4007, mock: { port: 5107, adminPort: 5207 } },
  { name: 'service-center', port: 4008 },
  // Not a department: the auditors' and citizens' views of the audit trail every subgraph writes.
  { name: 'audit', port: 4009 },
];

/** `public-security` -> `PUBLIC_SECURITY`, the prefix of the department's environment variables. */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export function defaultSubgraphUrl(entry: SubgraphEntry): string {
  return `http://127.0.0.1:${entry.port}/graphql`;
}
