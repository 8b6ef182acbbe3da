import { DataLayerError } from '../kit/errors';
import { DEPARTMENT } from './errors';
import type { DigitalIdScene, DigitalIdVerification, HolderType } from './model';

export const DIGITAL_ID_SCENES: readonly DigitalIdScene[] = [
  'SOCIAL_SECURITY',
  'LIBRARY',
  'THEATRE',
  'CAMPUS',
  'TRAFFIC_CARD',
];

/** Scenes that serve companies as well as persons (employer social insurance business). */
export const COMPANY_SCENES: readonly DigitalIdScene[] = ['SOCIAL_SECURITY'];

export function parseScene(raw: string): DigitalIdScene {
  if (!DIGITAL_ID_SCENES.includes(raw as DigitalIdScene))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `scene must be one of ${DIGITAL_ID_SCENES.join(', ')}: ${raw}`,
      {
        department: DEPARTMENT,
      },
    );
  return raw as DigitalIdScene;
}

export function sceneServes(scene: DigitalIdScene, holderType: HolderType): boolean {
  return holderType === 'PERSON' || COMPANY_SCENES.includes(scene);
}

type Claims = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

const NOTHING: Omit<DigitalIdVerification, 'scene' | 'holderType' | 'expiresAt'> = {
  maskedName: null,
  maskedId: null,
  insuredStatus: null,
  mayBorrow: null,
  documentType: null,
  documentLast4: null,
  adult: null,
  nationality: null,
  concession: null,
  companyName: null,
  companyStatus: null,
};

const INSURED = ['INSURED', 'SUSPENDED', 'RETIRED', 'NOT_INSURED'] as const;

/** What one scene may learn from a code's claims; everything else stays null even when the code carries it. */
function personView(scene: DigitalIdScene, c: Claims): Partial<DigitalIdVerification> {
  const ageGroup = str(c.ageGroup);
  switch (scene) {
    case 'SOCIAL_SECURITY':
      return {
        maskedName: str(c.maskedName),
        maskedId: str(c.maskedId),
        insuredStatus: INSURED.find((s) => s === c.insuredStatus) ?? null,
      };
    case 'LIBRARY':
      return { maskedName: str(c.maskedName), mayBorrow: bool(c.mayBorrow) };
    case 'THEATRE':
      return {
        maskedName: str(c.maskedName),
        documentType: str(c.documentType),
        documentLast4: str(c.documentLast4),
      };
    case 'CAMPUS':
      return {
        maskedName: str(c.maskedName),
        adult: ageGroup === null ? null : ageGroup !== 'MINOR',
        nationality: str(c.nationality),
      };
    case 'TRAFFIC_CARD':
      // No name at the turnstile: only which fare applies.
      return {
        concession:
          ageGroup === 'MINOR' ? 'MINOR' : ageGroup === 'SENIOR' ? 'SENIOR' : ageGroup ? 'NONE' : null,
      };
  }
}

/** The scene's view of a verified code. */
export function sceneView(
  scene: DigitalIdScene,
  holderType: HolderType,
  claims: Claims,
  expiresAt: string,
): DigitalIdVerification {
  const fields =
    holderType === 'COMPANY'
      ? { companyName: str(claims.companyName), companyStatus: str(claims.companyStatus) }
      : personView(scene, claims);
  return { scene, holderType, expiresAt, ...NOTHING, ...fields };
}
