import type { JWTPayload } from 'jose';
import { actorFromClaims } from './claims';

const iss = 'urn:one-window:demo-idp';

function refusal(payload: JWTPayload): { code: string; message: string } {
  try {
    actorFromClaims(payload);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('claims were accepted');
}

describe('actorFromClaims', () => {
  it('makes a citizen from the person claim, in canonical form', () => {
    expect(
      actorFromClaims({ iss, sub: 'u-17', role: 'citizen', person: 'p-gbr-533401827', jti: 't-1' }),
    ).toStrictEqual({
      id: 'u-17',
      role: 'CITIZEN',
      person: 'P-GBR-533401827',
      scopes: [],
      issuer: iss,
      tokenId: 't-1',
    });
  });

  it("takes a citizen's person from sub when the person claim is absent", () => {
    expect(actorFromClaims({ iss, sub: '310107199003070017', role: 'citizen' })).toStrictEqual({
      id: '310107199003070017',
      role: 'CITIZEN',
      person: '310107199003070017',
      scopes: [],
      issuer: iss,
    });
  });

  it('makes a company agent, an officer, an auditor and a service client', () => {
    expect(
      actorFromClaims({ iss, sub: 'agent-01', role: 'company_agent', company: '91310107ma1fl3k2xe' }),
    ).toStrictEqual({
      id: 'agent-01',
      role: 'COMPANY_AGENT',
      company: '91310107MA1FL3K2XE',
      scopes: [],
      issuer: iss,
    });
    expect(
      actorFromClaims({ iss, sub: 'officer-0042', role: 'officer', department: 'health', window: 'B-2' }),
    ).toStrictEqual({
      id: 'officer-0042',
      role: 'OFFICER',
      department: 'health',
      window: 'B-2',
      scopes: [],
      issuer: iss,
    });
    expect(actorFromClaims({ iss, sub: 'auditor-01', role: 'auditor', client_id: 'portal' })).toStrictEqual({
      id: 'auditor-01',
      role: 'AUDITOR',
      scopes: [],
      issuer: iss,
    });
    expect(
      actorFromClaims({
        iss,
        sub: 'terminal-putuo-03',
        role: 'service',
        client_id: 'terminal-putuo-03',
        scope: 'a:b  c-d a:b',
      }),
    ).toStrictEqual({
      id: 'terminal-putuo-03',
      role: 'SERVICE',
      client: 'terminal-putuo-03',
      scopes: ['a:b', 'c-d'],
      issuer: iss,
    });
  });

  it.each([
    [{ iss, role: 'auditor' }, 'token has no "sub" claim'],
    [{ iss, sub: 'a b', role: 'auditor' }, '"sub" claim "a b" must be 1 to 255 printable characters'],
    [{ sub: 'x', role: 'auditor' }, 'token has no "iss" claim'],
    [{ iss, sub: 'x' }, 'token has no "role" claim'],
    [
      { iss, sub: 'x', role: 'OFFICER' },
      'role "OFFICER" is not one of citizen, company_agent, officer, auditor, service',
    ],
    [
      { iss, sub: 'x', role: 'admin' },
      'role "admin" is not one of citizen, company_agent, officer, auditor, service',
    ],
    [{ iss, sub: 'x', role: ['auditor'] }, '"role" claim must be a string, got "[\\"auditor\\"]"'],
    [
      { iss, sub: 'x', role: 'citizen', person: '310107199003070018' },
      '"person" claim: "310107199003070018" is not a valid identity number: check digit is 8, expected 7',
    ],
    [
      { iss, sub: 'alice', role: 'citizen' },
      '"person" claim: "alice" is not a valid identity number: expected 18 characters, a travel permit number, or P-<country>-<passport>',
    ],
    [
      { iss, sub: 'x', role: 'company_agent', company: '91310107MA1FL3K2XA' },
      '"company" claim: "91310107MA1FL3K2XA" is not a valid unified social credit code: check character is A, expected E',
    ],
    [{ iss, sub: 'x', role: 'company_agent' }, 'a company_agent token needs a "company" claim'],
    [{ iss, sub: 'x', role: 'officer' }, 'an officer token needs a "department" claim'],
    [
      { iss, sub: 'x', role: 'officer', department: 'police' },
      '"department" claim "police" is not a department of this data layer',
    ],
    [
      { iss, sub: 'x', role: 'officer', department: 'health', window: 'a-07' },
      '"window" claim "a-07" must be 1 to 16 of A-Z, 0-9 and -',
    ],
    [{ iss, sub: 'x', role: 'service' }, 'a service token needs a "client_id" claim'],
    [
      { iss, sub: 'x', role: 'service', client_id: 'a/b' },
      '"client_id" claim "a/b" must be 1 to 64 of letters, digits and . _ : -',
    ],
    [
      { iss, sub: 'x', role: 'auditor', scope: 'audit:read Admin' },
      'scope "Admin" must be 1 to 64 of a-z, 0-9, : and -',
    ],
    [
      { iss, sub: 'x', role: 'auditor', scope: ['audit:read'] },
      '"scope" claim must be a string, got "[\\"audit:read\\"]"',
    ],
    [
      { iss, sub: 'x', role: 'auditor', department: 'health' },
      '"department" claim is not allowed on an auditor token',
    ],
    [
      { iss, sub: 'x', role: 'officer', department: 'health', person: '310107199003070017' },
      '"person" claim is not allowed on an officer token',
    ],
    [{ iss, sub: 'x', role: 'auditor', jti: 7 }, '"jti" claim must be a string, got "7"'],
  ])('refuses %j as TOKEN_INVALID', (payload, message) => {
    expect(refusal(payload as JWTPayload)).toEqual({ code: 'TOKEN_INVALID', message });
  });

  it('repeats at most 64 characters of a hostile claim', () => {
    const long = 'x'.repeat(10_000);
    expect(refusal({ iss, sub: 'x', role: long })).toEqual({
      code: 'TOKEN_INVALID',
      message: `role "${'x'.repeat(64)}…" is not one of citizen, company_agent, officer, auditor, service`,
    });
    expect(refusal({ iss, sub: 'x', role: 'citizen', person: long }).message).toBe(
      `"person" claim "${'x'.repeat(64)}…" is not a valid identity number`,
    );
  });
});
