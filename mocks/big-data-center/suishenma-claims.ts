import type { WCompany, WorldIndex, WPerson } from '../data/world';

/** The scenes a Suishenma code can be scanned in. */
export const SCENES = ['SOCIAL_SECURITY', 'LIBRARY', 'THEATRE', 'CAMPUS', 'TRAFFIC_CARD'] as const;
export type Scene = (typeof SCENES)[number];

/** Scenes that serve companies too (employer social insurance); every scene serves persons. */
export const COMPANY_SCENES: readonly Scene[] = ['SOCIAL_SECURITY'];

/** Age from which a person counts as a senior (Law on the Protection of the Rights of the Elderly: 60). */
const SENIOR_AGE = 60;
/** Youngest age at which the public library lends on a reader's own code. */
const LIBRARY_BORROW_AGE = 6;

/** Keeps the first character, masks the rest (张伟 -> 张*, 周𠮷䶮 -> 周**), per word for Latin names. */
export function maskName(name: string): string {
  return name
    .split(' ')
    .map((word) => {
      const chars = Array.from(word);
      return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join(' ');
}

/** Keeps the region (first 4) and the last 4 of an 18-character number; shorter ones keep only the last 4. */
export function maskDocumentNumber(n: string): string {
  if (n.length === 18) return `${n.slice(0, 4)}${'*'.repeat(10)}${n.slice(14)}`;
  return '*'.repeat(Math.max(0, n.length - 4)) + n.slice(-4);
}

function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function personClaims(world: WorldIndex, p: WPerson, today: string): Record<Scene, Record<string, unknown>> {
  const age = ageOn(p.birthDate, today);
  const employment = world.employmentByPerson.get(p.id);
  const insuredStatus =
    employment === undefined
      ? 'NOT_INSURED'
      : employment.status === 'CONTRIBUTING'
        ? 'INSURED'
        : employment.status;
  const maskedName = maskName(p.name);
  const ageGroup = age < 18 ? 'MINOR' : age >= SENIOR_AGE ? 'SENIOR' : 'ADULT';
  return {
    SOCIAL_SECURITY: { maskedName, maskedId: maskDocumentNumber(p.documentNumber), insuredStatus },
    LIBRARY: { maskedName, mayBorrow: age >= LIBRARY_BORROW_AGE },
    THEATRE: { maskedName, documentType: p.documentType, documentLast4: p.documentNumber.slice(-4) },
    CAMPUS: { maskedName, ageGroup, nationality: p.nationality },
    TRAFFIC_CARD: { ageGroup },
  };
}

function companyClaims(c: WCompany): Record<string, unknown> {
  return { companyName: c.name, companyStatus: c.status };
}

/**
 * The minimal claims a code carries, computed from the world on the day of issue: for a
 * code issued for one scene only that scene's; for a code without a scene the union of
 * every scene the holder may be served in. The full identity number is never in a code,
 * only masked forms: encryption keeps codes from bystanders, minimisation limits what any
 * holder of the verifier key (every scanner behind the data layer) could learn.
 */
export function holderClaims(
  world: WorldIndex,
  holder: { type: 'PERSON' | 'COMPANY'; id: string },
  scene: Scene | undefined,
  today: string,
): Record<string, unknown> | null {
  if (holder.type === 'COMPANY') {
    const c = world.companyByUscc.get(holder.id);
    return c === undefined ? null : companyClaims(c);
  }
  const p = world.personById.get(holder.id);
  if (p === undefined) return null;
  const byScene = personClaims(world, p, today);
  return scene === undefined ? Object.assign({}, ...SCENES.map((s) => byScene[s])) : byScene[scene];
}
