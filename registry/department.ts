import { DataLayerError, quoted } from '../adapters/kit/errors';
import { SUBGRAPHS, type SubgraphEntry } from '../gateway/departments';

/** The department's SUBGRAPHS entry, or UNKNOWN_DEPARTMENT. */
export function knownDepartment(department: string): SubgraphEntry {
  const entry = SUBGRAPHS.find((s) => s.name === department);
  if (!entry)
    throw new DataLayerError(
      'UNKNOWN_DEPARTMENT',
      `no department ${quoted(String(department))}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`,
    );
  return entry;
}

/** The gateway fetches the subgraph at `url`: anything but an absolute http(s) URL would fail every request. */
export function checkUrl(url: unknown): void {
  let parsed: URL | null = null;
  try {
    parsed = typeof url === 'string' ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `url must be an absolute http or https URL: ${quoted(String(url), 80)}`,
    );
}
