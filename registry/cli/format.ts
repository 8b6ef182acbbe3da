/** The CLI's human text for the registry's records and check reports. */
import type { CheckReport } from '../checks/report';
import type { RegisteredOperation, RegistryEvent, SubgraphVersion, SupergraphVersion } from '../model';

/** `v4 (publish of health by ci-health, 2025-…)` */
export function supergraphLine(v: SupergraphVersion): string {
  const what =
    v.action === 'publish'
      ? `publish of ${v.department}`
      : v.action === 'rollback'
        ? `rollback to the content of v${v.restores}`
        : 'bootstrap';
  const override = v.override ? `, override: ${v.override.reason}` : '';
  return `supergraph v${v.version} (${what} by ${v.createdBy}, ${v.createdAt}${override})`;
}

/** The supergraph's members, one a line: department, version, who published it, when. */
export function membersTable(members: readonly SubgraphVersion[]): string[] {
  const width = Math.max(10, ...members.map((m) => m.department.length));
  return members.map(
    (m) =>
      `  ${m.department.padEnd(width)}  v${String(m.version).padEnd(4)}  ${m.publishedBy}  ${m.publishedAt}`,
  );
}

/** One department's versions, newest first. */
export function historyTable(versions: readonly SubgraphVersion[], current: number | undefined): string[] {
  return versions.map(
    (v) =>
      `  v${String(v.version).padEnd(4)}  ${v.publishedBy}  ${v.publishedAt}  ${v.sdlHash.slice(0, 12)}  ${v.url}` +
      (v.version === current ? '  (current)' : ''),
  );
}

export function eventLines(events: readonly RegistryEvent[]): string[] {
  return events.map((e) => `  #${e.id}  ${e.at}  ${e.kind.padEnd(19)}  ${e.summary}`);
}

export function operationLines(operations: readonly RegisteredOperation[]): string[] {
  const width = Math.max(0, ...operations.map((o) => o.name.length));
  return operations.map(
    (o) =>
      `  ${o.channel.padEnd(8)}  ${o.type.padEnd(8)}  ${o.name.padEnd(width)}  ${o.id.slice(0, 12)}  ${o.registeredBy}  ${o.registeredAt}`,
  );
}

/**
 * A check report as the CLI prints it: every problem with its subgraph, every broken operation with
 * its client and owner, the breaking then the dangerous changes.
 */
export function reportLines(report: CheckReport): string[] {
  const lines: string[] = [];
  const base = report.baseVersion === null ? 'an empty registry' : `supergraph v${report.baseVersion}`;
  lines.push(`${report.department}: checked against ${base}`);
  if (report.unchanged) lines.push('  the schema is the current one: nothing to publish');
  if (report.problems.length) {
    lines.push(`problems (${report.problems.length}), no override lands these:`);
    for (const p of report.problems) lines.push(`  ${p.code} [${p.subgraph}] ${indent(p.message)}`);
  }
  if (report.brokenOperations.length) {
    lines.push(
      `operations in use that would break (${report.brokenOperations.length} of ${report.checkedOperations} checked):`,
    );
    for (const o of report.brokenOperations) {
      lines.push(`  ${o.name ?? o.id.slice(0, 12)}  client ${o.client}, owner ${o.owner} (${o.source})`);
      for (const e of o.errors) lines.push(`      ${e}`);
    }
  } else if (report.problems.length === 0 && report.baseVersion !== null) {
    lines.push(`operations in use: ${report.checkedOperations} checked, none breaks`);
  }
  const breaking = report.changes.filter((c) => c.severity === 'breaking');
  const dangerous = report.changes.filter((c) => c.severity === 'dangerous');
  if (breaking.length) {
    lines.push(`breaking changes (${breaking.length}):`);
    for (const c of breaking) lines.push(`  ${c.type}: ${c.description}`);
  }
  if (dangerous.length) {
    lines.push(`dangerous changes (${dangerous.length}):`);
    for (const c of dangerous) lines.push(`  ${c.type}: ${c.description}`);
  }
  if (
    !report.unchanged &&
    report.changes.length === 0 &&
    report.problems.length === 0 &&
    report.baseVersion !== null
  )
    lines.push('no breaking or dangerous change');
  return lines;
}

/** A multi-line message kept under its bullet. */
function indent(text: string): string {
  return text.replace(/\n/g, '\n      ');
}
