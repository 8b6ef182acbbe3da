import { SuishenmaIssuer } from '../../mocks/big-data-center/suishenma';
import {
  DEMO_SUISHENMA_VERIFIER_KEY,
  parseVerifierKey,
} from '../../mocks/big-data-center/suishenma-verifier-key';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';

/** A Suishenma code as the big-data-center mock issues it (demo keys, 60 s), for Zhang Wei: the bench tests' sample. */
export async function mockSuishenmaCode(): Promise<string> {
  const issuer = new SuishenmaIssuer(loadWorld({ people: 20 }), {
    ttlSeconds: 60,
    now: Date.now,
    verifierKey: parseVerifierKey(DEMO_SUISHENMA_VERIFIER_KEY, 'key'),
  });
  return (await issuer.issue({ holder: { type: 'PERSON', id: GOLDEN.zhangWei } }))!.code;
}
