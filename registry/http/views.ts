/**
 * What the HTTP API and the CLI's `--json` answer: the registry's records without their SDL (a
 * supergraph is ~100 KB; it has its own `/sdl` routes), so both print the same JSON.
 */
import type { CheckReport } from '../checks/report';
import type { SubgraphVersion, SupergraphVersion } from '../model';

export type SupergraphView = Omit<SupergraphVersion, 'sdl'>;
export type SubgraphView = Omit<SubgraphVersion, 'sdl'>;
/** A check report without the composed supergraph (`problems` empty means it composed). */
export type ReportView = Omit<CheckReport, 'supergraphSdl'>;

export function supergraphView(v: SupergraphVersion): SupergraphView {
  const { sdl: _sdl, ...rest } = v;
  return rest;
}

export function subgraphView(v: SubgraphVersion): SubgraphView {
  const { sdl: _sdl, ...rest } = v;
  return rest;
}

export function reportView(r: CheckReport): ReportView {
  const { supergraphSdl: _sdl, ...rest } = r;
  return rest;
}
