import { withoutHealthCertificates } from './overhead-bench';

describe('withoutHealthCertificates', () => {
  it('leaves out the certificates health issued, and nothing else of the view', () => {
    const view = {
      person: {
        id: '1',
        certificates: [
          { id: 'PS-ID-1', issuer: { code: 'public-security' } },
          { id: 'HL-HC-1', issuer: { code: 'health' } },
          { id: 'HR-SSC-1', issuer: { code: 'human-resources' } },
        ],
        companies: [],
      },
    };
    expect(withoutHealthCertificates(view)).toEqual({
      person: {
        id: '1',
        certificates: [
          { id: 'PS-ID-1', issuer: { code: 'public-security' } },
          { id: 'HR-SSC-1', issuer: { code: 'human-resources' } },
        ],
        companies: [],
      },
    });
  });

  it('passes a view without a person or certificates through', () => {
    expect(withoutHealthCertificates(null)).toBeNull();
    expect(withoutHealthCertificates({ person: null })).toEqual({ person: null });
  });
});
