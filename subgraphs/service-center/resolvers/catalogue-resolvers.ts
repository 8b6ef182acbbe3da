import type { CaseChannel } from '../model';
import { matterConnection, parseAfter, parseFirst } from '../catalogue/matter-cursor';
import type { ServiceCenterDeps } from '../deps';
import type { Resolvers } from '../generated/resolvers-types';
import type { MatterFilter } from '../store/catalogue-reads';

/** A page of matters; arguments are checked before any SQL. */
async function page(
  deps: ServiceCenterDeps,
  filter: MatterFilter,
  first?: number | null,
  after?: string | null,
) {
  const n = parseFirst(first);
  const position = parseAfter(after);
  return matterConnection(await (await deps.store()).matterPage(filter, position, n));
}

/** The matter catalogue and the departments that own it. */
export function catalogueResolvers(deps: ServiceCenterDeps): Resolvers {
  const { ops } = deps;
  return {
    Query: {
      matters: (_parent, { department, channel, audience, search, first, after }) =>
        page(
          deps,
          {
            departmentCode: department ?? undefined,
            channel: (channel as CaseChannel | null) ?? undefined,
            audience: audience ?? undefined,
            search: search?.trim() || undefined,
          },
          first,
          after,
        ),
      matter: async (_parent, { code }, ctx) => {
        await deps.store();
        const m = await ops.matterByCode.load(ctx.adapter, code);
        return m?.inCatalogue ? m : null;
      },
      industries: async (_parent, _args, ctx) => {
        await deps.store();
        return (await ops.industries.load(ctx.adapter, 'all')) ?? [];
      },
    },
    Department: {
      matters: ({ code }, { first, after }) => page(deps, { departmentCode: code }, first, after),
    },
    Matter: {
      __resolveReference: async ({ code }, ctx) => {
        await deps.store();
        return ops.matterByCode.load(ctx.adapter, code);
      },
      department: async ({ departmentCode }, _args, ctx) =>
        (await ops.departmentByCode.load(ctx.adapter, departmentCode))!,
    },
    Industry: {
      matter: ({ matterCode }, _args, ctx) => ops.matterByCode.load(ctx.adapter, matterCode),
    },
    IndustryComponentSpec: {
      department: async ({ departmentCode }, _args, ctx) =>
        (await ops.departmentByCode.load(ctx.adapter, departmentCode))!,
    },
  };
}
