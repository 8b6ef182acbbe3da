import { parse, validate } from 'graphql';
import { checkUrl, knownDepartment } from './department';
import { DataLayerError, quoted } from '../adapters/kit/errors';
import { envWholeNumber } from '../adapters/kit/env';
import { logger } from '../adapters/kit/logger';
import { composeSupergraph, CompositionFailed } from '../gateway/compose';
import { defaultSubgraphUrl } from '../gateway/departments';
import {
  loadSafelist,
  operationId,
  SAFELIST_CHANNELS,
  type PersistedOperation,
} from '../gateway/limits/safelist';
import { apiSchemaOf } from './checks/api-schema';
import { operationsInUse } from './checks/operations-in-use';
import { DEFAULT_OWNERS } from './checks/owners';
import { overrideBreaks, refusalOf } from './checks/refusal';
import type { CheckReport } from './checks/report';
import { runChecks } from './checks/run-checks';
import type { CommitRequest, RegistryStore, SubgraphVersion, SupergraphVersion } from './model';

const DAY_MS = 86_400_000;

export interface SchemaRegistryOptions {
  /** Operations seen in live traffic within this many days count as in use. @default 30 (REGISTRY_USAGE_WINDOW_DAYS) */
  usageWindowDays?: number;
  /** Owners of channel apps and clients, for refusal messages. @default registry/channel-owners.json */
  owners?: Record<string, string>;
  /** The clock (tests move it to put traffic inside or outside the window). @default () => new Date() */
  now?: () => Date;
  /**
   * Drop the usage older than the window when a publish lands. Only for the registry's own long-
   * running process (registry/index.ts), whose window is the deployment's: a CLI run with another
   * window must not delete usage the registry still counts. @default false
   */
  pruneUsage?: boolean;
}

/**
 * The schema registry's service: checks a department's schema against the current supergraph and
 * the operations channel apps use, lands it (a new subgraph version and a new supergraph version,
 * atomically, through the store) or refuses it, rolls back, bootstraps, and registers channel
 * operations. The CLI, the HTTP API and the gateway's bootstrap all go through it; every gateway
 * serves the store's current supergraph.
 */
export class SchemaRegistry {
  private readonly usageWindowDays: number;
  private readonly owners: Record<string, string>;
  private readonly now: () => Date;
  private readonly prunesUsage: boolean;

  constructor(
    readonly store: RegistryStore,
    options: SchemaRegistryOptions = {},
  ) {
    const days =
      options.usageWindowDays ??
      envWholeNumber('REGISTRY_USAGE_WINDOW_DAYS', 30, { min: 1, max: 3650, what: 'a number of days' });
    if (!Number.isInteger(days) || days < 1)
      throw new Error(`usageWindowDays must be a whole number of days, at least 1: ${days}`);
    this.usageWindowDays = days;
    this.owners = options.owners ?? DEFAULT_OWNERS;
    this.now = options.now ?? (() => new Date());
    this.prunesUsage = options.pruneUsage ?? false;
  }

  /**
   * Runs every check of `sdl` as `department`'s next schema against the current supergraph; stores
   * nothing. Throws UNKNOWN_DEPARTMENT, and INVALID_ARGUMENT for a `url` that is not http(s).
   */
  async check(department: string, sdl: string, url?: string): Promise<CheckReport> {
    const entry = knownDepartment(department);
    if (url !== undefined) checkUrl(url);
    const current = await this.store.current();
    const members = current ? await this.members(current) : [];
    const mine = members.find((m) => m.department === department);
    const operations = current
      ? operationsInUse(
          await this.store.registeredOperations(),
          await this.store.usedOperations(this.usageSince()),
        )
      : [];
    return runChecks({
      department,
      sdl,
      url: url ?? mine?.url ?? defaultSubgraphUrl(entry),
      current,
      members,
      operations,
      owners: this.owners,
    });
  }

  /**
   * Checks, then lands (one new subgraph version + one new supergraph version) or throws
   * RegistryRefusal (nothing stored but a `refused` event). `override.reason` lands an
   * OPERATIONS_WOULD_BREAK change and records it (never a schema problem); an override of a change
   * that breaks nothing is not recorded. Same SDL as current: lands nothing, returns
   * `{ unchanged: true }`. `url` defaults to the department's current url, else
   * defaultSubgraphUrl. When another publish lands between the check and the commit, checks again
   * against the new current once; a second conflict throws REGISTRY_CONFLICT.
   */
  async publish(input: {
    department: string;
    sdl: string;
    url?: string;
    by: string;
    override?: { reason: string };
  }): Promise<{ report: CheckReport; supergraph: SupergraphVersion; unchanged: boolean }> {
    const { department, sdl, by, override } = input;
    knownDepartment(department);
    if (input.url !== undefined) checkUrl(input.url);
    if (override !== undefined && (typeof override?.reason !== 'string' || override.reason.trim() === ''))
      throw new DataLayerError(
        'INVALID_ARGUMENT',
        'an override needs a reason: say why the break is acceptable',
      );
    for (let attempt = 1; ; attempt++) {
      // Read before the check reads the operations: one registered after it makes the commit conflict.
      const operationsRevision = await this.store.operationsRevision();
      const report = await this.check(department, sdl, input.url);
      const current = report.baseVersion === null ? null : await this.store.supergraph(report.baseVersion);
      if (report.unchanged && current) return { report, supergraph: current, unchanged: true };
      const refusal = refusalOf(report, override !== undefined);
      if (refusal) {
        await this.store.appendEvent({
          kind: 'refused',
          actor: by,
          department,
          supergraphVersion: null,
          summary: `${department} refused for ${by}: ${refusal.code} (${report.problems.length} problem(s), ${report.brokenOperations.length} broken operation(s))`,
          details: { code: refusal.code, report: { ...report, supergraphSdl: null } },
        });
        logger.info({ department, by, code: refusal.code }, 'schema registry: publish refused');
        throw refusal;
      }
      const breaks = overrideBreaks(report);
      const recorded = override && breaks.length ? { by, reason: override.reason.trim(), breaks } : undefined;
      const mine = current?.members.find((m) => m.department === department);
      const url =
        input.url ?? (mine ? (await this.store.subgraph(department, mine.version))?.url : undefined);
      const request: CommitRequest = {
        expectedCurrent: report.baseVersion,
        add: [{ department, sdl, url: url ?? defaultSubgraphUrl(knownDepartment(department)) }],
        keep: (current?.members ?? []).filter((m) => m.department !== department),
        supergraphSdl: report.supergraphSdl!,
        action: 'publish',
        by,
        department,
        ...(recorded ? { override: recorded } : {}),
        expectedOperationsRevision: operationsRevision,
        // Written in the commit's transaction: a landed publish always has its record.
        events: (made) => {
          const subgraphVersion = made.members.find((m) => m.department === department)?.version;
          return [
            ...(recorded
              ? [
                  {
                    kind: 'override' as const,
                    actor: by,
                    department,
                    supergraphVersion: made.version,
                    summary: `${department} v${subgraphVersion} published by ${by} over ${breaks.length} broken operation(s): ${recorded.reason}`,
                    details: { reason: recorded.reason, breaks, brokenOperations: report.brokenOperations },
                  },
                ]
              : []),
            {
              kind: 'publish' as const,
              actor: by,
              department,
              supergraphVersion: made.version,
              summary: `${department} v${subgraphVersion} published by ${by} → supergraph v${made.version}`,
              details: { changes: report.changes, checkedOperations: report.checkedOperations },
            },
          ];
        },
      };
      let supergraph: SupergraphVersion;
      try {
        supergraph = await this.store.commit(request);
      } catch (e) {
        if (isConflict(e) && attempt === 1) continue;
        throw e;
      }
      logger.info({ department, by, supergraph: supergraph.version }, 'schema registry: published');
      if (this.prunesUsage) await this.pruneUsage();
      return { report, supergraph, unchanged: false };
    }
  }

  /** Since when operations seen in traffic count as in use (the usage window). */
  private usageSince(): string {
    return new Date(this.now().getTime() - this.usageWindowDays * DAY_MS).toISOString();
  }

  /**
   * Drops the usage older than the window, which no check counts any more, so the sums do not grow
   * for ever; done when a publish lands (with `pruneUsage`). A failure is logged, not thrown: the
   * publish has landed.
   */
  private async pruneUsage(): Promise<void> {
    try {
      const pruned = await this.store.pruneUsage(this.usageSince());
      if (pruned > 0) logger.info({ pruned }, 'schema registry: usage older than the window dropped');
    } catch (err) {
      logger.warn({ err }, 'schema registry: could not drop old usage');
    }
  }

  /**
   * A new supergraph version with the content (SDL and members) of `to`, by default of the
   * version just before the current one, so a rollback of a rollback goes forward again.
   * Throws VERSION_NOT_FOUND when there is no such version.
   */
  async rollback(input: { to?: number; by: string }): Promise<SupergraphVersion> {
    // The target is worked out once: a retry after a racing publish still restores what the caller meant.
    let to = input.to;
    for (let attempt = 1; ; attempt++) {
      const current = await this.store.current();
      if (!current)
        throw new DataLayerError('VERSION_NOT_FOUND', 'the registry is empty: nothing to roll back');
      to ??= current.version - 1;
      const target = Number.isInteger(to) && to >= 1 ? await this.store.supergraph(to) : null;
      if (!target)
        throw new DataLayerError(
          'VERSION_NOT_FOUND',
          input.to === undefined
            ? `supergraph v${current.version} is the first version: nothing before it to roll back to`
            : `no supergraph version ${quoted(String(input.to))} (the current one is v${current.version})`,
        );
      let supergraph: SupergraphVersion;
      try {
        supergraph = await this.store.commit({
          expectedCurrent: current.version,
          add: [],
          keep: target.members,
          supergraphSdl: target.sdl,
          action: 'rollback',
          by: input.by,
          restores: target.version,
          events: (made) => [
            {
              kind: 'rollback',
              actor: input.by,
              department: null,
              supergraphVersion: made.version,
              summary: `supergraph v${made.version} restores v${target.version}, rolled back by ${input.by}`,
              details: { from: current.version, restores: target.version },
            },
          ],
        });
      } catch (e) {
        if (isConflict(e) && attempt === 1) continue;
        throw e;
      }
      logger.info(
        { by: input.by, restores: target.version, supergraph: supergraph.version },
        'schema registry: rolled back',
      );
      return supergraph;
    }
  }

  /**
   * When the registry is empty: composes `sources` and commits them as version 1 (action
   * bootstrap), then registers the channel manifests of `safelistDir` when given (each validated
   * against the new supergraph before anything is stored). Returns the version made, or null when
   * the registry is not empty (also when another gateway bootstrapped it first).
   */
  async bootstrap(
    sources: { name: string; url: string; sdl: string }[],
    by: string,
    safelistDir?: string,
  ): Promise<SupergraphVersion | null> {
    if ((await this.store.currentVersion()) !== null) return null;
    for (const s of sources) knownDepartment(s.name);
    const safelist = safelistDir ? loadSafelist(safelistDir) : null;
    let supergraphSdl: string;
    try {
      supergraphSdl = composeSupergraph(sources);
    } catch (e) {
      if (e instanceof CompositionFailed) throw new DataLayerError('COMPOSITION_FAILED', e.message);
      throw e;
    }
    const manifests = [...(safelist?.channels ?? [])].map(([channel, ops]) => ({
      channel,
      ops: [...ops.values()],
    }));
    for (const m of manifests) validateOperations(m.channel, m.ops, supergraphSdl);
    let supergraph: SupergraphVersion;
    try {
      supergraph = await this.store.commit({
        expectedCurrent: null,
        add: sources.map((s) => ({ department: s.name, sdl: s.sdl, url: s.url })),
        keep: [],
        supergraphSdl,
        action: 'bootstrap',
        by,
        events: (made) => [
          {
            kind: 'bootstrap',
            actor: by,
            department: null,
            supergraphVersion: made.version,
            summary: `bootstrap of ${sources.length} subgraphs by ${by} → supergraph v${made.version}`,
            details: { subgraphs: sources.map((s) => s.name) },
          },
        ],
      });
    } catch (e) {
      if (isConflict(e)) return null;
      throw e;
    }
    for (const m of manifests) await this.storeOperations(m.channel, m.ops, by);
    logger.info({ by, supergraph: supergraph.version }, 'schema registry: bootstrapped');
    return supergraph;
  }

  /**
   * Validates every operation against the current supergraph (OPERATION_INVALID naming the first
   * that fails, nothing stored), then replaces the channel's registered operations. Unknown
   * channel, an id that is not the sha256 of its body, or an empty registry: OPERATION_INVALID.
   */
  async registerOperations(
    channel: string,
    operations: PersistedOperation[],
    by: string,
  ): Promise<{ registered: number }> {
    const current = await this.store.current();
    if (!current)
      throw new DataLayerError(
        'OPERATION_INVALID',
        'the registry holds no supergraph yet to validate operations against',
      );
    validateOperations(channel, operations, current.sdl);
    await this.storeOperations(channel, operations, by);
    return { registered: operations.length };
  }

  private async storeOperations(
    channel: string,
    operations: PersistedOperation[],
    by: string,
  ): Promise<void> {
    await this.store.registerOperations(channel, operations, by);
    await this.store.appendEvent({
      kind: 'register-operations',
      actor: by,
      department: null,
      supergraphVersion: null,
      summary: `${channel} registered ${operations.length} operation(s), by ${by}`,
      details: { channel, operations: operations.map((o) => ({ id: o.id, name: o.name })) },
    });
  }

  /** The subgraph versions `supergraph` was composed from. */
  private async members(supergraph: SupergraphVersion): Promise<SubgraphVersion[]> {
    const out: SubgraphVersion[] = [];
    for (const m of supergraph.members) {
      const s = await this.store.subgraph(m.department, m.version);
      if (!s)
        throw new DataLayerError(
          'VERSION_NOT_FOUND',
          `supergraph v${supergraph.version} names ${m.department} v${m.version}, which the registry does not hold`,
        );
      out.push(s);
    }
    return out;
  }
}

function isConflict(e: unknown): boolean {
  return e instanceof DataLayerError && e.code === 'REGISTRY_CONFLICT';
}

/** OPERATION_INVALID naming the first operation of `channel` that is malformed or does not validate against `supergraphSdl`. */
function validateOperations(channel: string, operations: PersistedOperation[], supergraphSdl: string): void {
  if (!(SAFELIST_CHANNELS as readonly string[]).includes(channel))
    throw new DataLayerError(
      'OPERATION_INVALID',
      `${quoted(String(channel))} is not a channel (expected ${SAFELIST_CHANNELS.join(', ')})`,
    );
  if (!Array.isArray(operations))
    throw new DataLayerError('OPERATION_INVALID', 'operations must be a list of { id, name, type, body }');
  const schema = apiSchemaOf(supergraphSdl);
  const names = new Set<string>();
  operations.forEach((o, i) => {
    const where = `${channel} operation ${typeof o?.name === 'string' ? quoted(o.name) : `#${i + 1}`}`;
    if (typeof o?.id !== 'string' || typeof o.name !== 'string' || typeof o.body !== 'string')
      throw new DataLayerError('OPERATION_INVALID', `${where}: id, name and body must be strings`);
    if (o.id !== operationId(o.body))
      throw new DataLayerError(
        'OPERATION_INVALID',
        `${where}: id ${quoted(o.id, 64)} is not the sha256 of its body`,
      );
    if (names.has(o.name)) throw new DataLayerError('OPERATION_INVALID', `${where}: the name is used twice`);
    names.add(o.name);
    let errors: readonly { message: string }[];
    try {
      errors = validate(schema, parse(o.body));
    } catch (e) {
      errors = [e as Error];
    }
    if (errors.length)
      throw new DataLayerError('OPERATION_INVALID', `${where} does not validate: ${errors[0]!.message}`);
  });
}
