import type { HumanResourcesAdapter } from '../../adapters/human-resources';
import { buildResolvers } from './resolvers';

describe('human-resources resolvers', () => {
  const employer = buildResolvers({} as HumanResourcesAdapter).SocialSecurity!.employer as (
    parent: unknown,
  ) => unknown;

  it('gives the insuring employer as a Company reference by its credit code', () => {
    expect(employer({ employerUscc: '91310107MA1H2R8N79' })).toEqual({ uscc: '91310107MA1H2R8N79' });
  });

  it('gives the self-employed, or an employer whose code was invalid, no Company', () => {
    expect(employer({ employerUscc: null })).toBeNull();
  });
});
