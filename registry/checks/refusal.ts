import { brokenOperationLabel, RegistryRefusal, type CheckReport } from './report';

/**
 * The refusal of a publish whose report is not ok (or only broken operations, when `allowBreaks`
 * is false): code of the first problem, else OPERATIONS_WOULD_BREAK; a message listing every
 * reason, broken operations as `name (client, owner): first error`. Null when it may land.
 */
export function refusalOf(report: CheckReport, allowBreaks = false): RegistryRefusal | null {
  const breaks = allowBreaks ? [] : report.brokenOperations;
  if (report.problems.length === 0 && breaks.length === 0) return null;
  const lines = report.problems.map((p) => `${p.code} [${p.subgraph}] ${p.message}`);
  if (breaks.length)
    lines.push(
      `OPERATIONS_WOULD_BREAK: ${breaks.length} operation(s) in use would break (land it anyway with an override and a reason):`,
      ...breaks.map(
        (o) => `  ${o.name ?? o.id.slice(0, 12)} (${o.client}, ${o.owner}): ${o.errors[0] ?? 'invalid'}`,
      ),
    );
  const code = report.problems[0]?.code ?? 'OPERATIONS_WOULD_BREAK';
  return new RegistryRefusal(code, `${report.department} refused:\n${lines.join('\n')}`, report);
}

/** `counter:CounterView` for each broken operation, as an override records them. */
export function overrideBreaks(report: CheckReport): string[] {
  return [...new Set(report.brokenOperations.map(brokenOperationLabel))];
}
