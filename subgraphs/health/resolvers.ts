import type { HealthAdapter } from '../../adapters/health';
import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import type { Resolvers } from './generated/resolvers-types';

/**
 * Resolvers of the health subgraph. `__resolveReference` validates the key and returns it
 * alone: the documents are fetched by the field resolvers through the adapter's per-request
 * loaders, so every entity of one `_entities` call shares one FHIR search.
 */
export function healthResolvers(adapter: HealthAdapter): Resolvers {
  return {
    Person: {
      // async: a rejected promise fails only this representation; a synchronous throw would fail the whole `_entities` list.
      __resolveReference: async (ref) => ({ id: parseIdentity(ref.id).id }),
      birthMedicalCertificate: (person, _args, ctx) =>
        adapter.birthMedicalCertificate(ctx.adapter, person.id),
      healthCertificates: (person, _args, ctx) => adapter.healthCertificates(ctx.adapter, person.id),
    },
    Company: {
      __resolveReference: async (ref) => ({ uscc: parseUscc(ref.uscc) }),
      publicPlaceHealthPermits: (company, _args, ctx) =>
        adapter.publicPlaceHealthPermits(ctx.adapter, company.uscc),
    },
    BirthMedicalCertificate: {
      mother: (birth) => ({ id: birth.motherId }),
      father: (birth) => (birth.fatherId === null ? null : { id: birth.fatherId }),
      certificate: (birth) => ({ id: birth.certificateId }),
    },
    HealthCertificate: {
      certificate: (certificate) => ({ id: certificate.certificateId }),
    },
    PublicPlaceHealthPermit: {
      certificate: (permit) => ({ id: permit.certificateId }),
    },
  };
}
