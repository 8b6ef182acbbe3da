import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../actor';
import type { TrustContext } from '../context/trust-context';
import { checkEntity, checkOperation, fieldVisibility, maskValue, objectCategory, revealed } from './decide';
import { DEFAULT_POLICY_FILE, loadPolicy, PolicyError } from './policy';

const policy = loadPolicy({}, {});
const ZHANG = '310107199003070017';
const XIAOYU = '310107202308150047';
const LI = '310107198511220021';
const RESTAURANT = '91310107MA1FL3K2XE';
const PHARMACY = '91310107MA1G5X7P50';

const actor = (a: Partial<Actor> & Pick<Actor, 'role'>): Actor => ({
  id: 'x',
  scopes: [],
  issuer: 'idp',
  ...a,
});
const citizen: TrustContext = {
  actor: actor({ role: 'CITIZEN', person: ZHANG }),
  channel: 'app',
  traceId: 't',
  subjects: { persons: [ZHANG, XIAOYU], companies: [] },
};
const agent: TrustContext = {
  actor: actor({ role: 'COMPANY_AGENT', company: RESTAURANT }),
  channel: 'portal',
  traceId: 't',
  subjects: { persons: [], companies: [RESTAURANT] },
};
const officer = (purpose?: TrustContext['purpose'], department = 'service-center'): TrustContext => ({
  actor: actor({ role: 'OFFICER', department }),
  channel: 'counter',
  traceId: 't',
  purpose,
  subjects:
    purpose?.kind === 'statutory'
      ? { persons: [], companies: [], any: true }
      : { persons: [ZHANG], companies: [] },
});
const service: TrustContext = {
  actor: actor({ role: 'SERVICE', client: 'gate-7', scopes: ['digital-id:verify'] }),
  channel: 'terminal',
  traceId: 't',
  subjects: { persons: [], companies: [] },
};

describe('checkOperation', () => {
  it('refuses a root field the policy does not list, to everyone', () => {
    expect(() => checkOperation(policy, citizen, 'Query.everything', {})).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', message: 'Query.everything is not open to any caller' }),
    );
  });
  it('lets a citizen ask for themself and their minor child, not another person', () => {
    expect(() => checkOperation(policy, citizen, 'Query.person', { id: ZHANG })).not.toThrow();
    expect(() => checkOperation(policy, citizen, 'Query.person', { id: XIAOYU })).not.toThrow();
    expect(() => checkOperation(policy, citizen, 'Query.person', { id: LI })).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        message: `Person "${LI}" is not data this request may touch`,
      }),
    );
  });
  it('answers SUBJECTS_INCOMPLETE, not FORBIDDEN, for someone outside a partial set (the gateway asks again)', () => {
    const partial: TrustContext = {
      ...citizen,
      subjects: { persons: [ZHANG], companies: [], partial: true },
    };
    expect(() => checkOperation(policy, partial, 'Query.person', { id: ZHANG })).not.toThrow();
    expect(() => checkOperation(policy, partial, 'Query.person', { id: XIAOYU })).toThrow(
      expect.objectContaining({
        code: 'SUBJECTS_INCOMPLETE',
        message: `Person "${XIAOYU}" is not among the subjects known so far`,
      }),
    );
    expect(() =>
      checkEntity(policy, partial, 'Certificate', { holderType: 'PERSON', holderId: XIAOYU }),
    ).toThrow(expect.objectContaining({ code: 'SUBJECTS_INCOMPLETE' }));
    expect(checkEntity(policy, partial, 'Certificate', { holderType: 'PERSON', holderId: ZHANG })).toEqual([
      `Person:${ZHANG}`,
    ]);
  });

  it('checks subjects named deep in input objects', () => {
    const input = { applicant: { companyUscc: PHARMACY } };
    expect(() => checkOperation(policy, agent, 'Mutation.submitCase', { input })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      checkOperation(policy, agent, 'Mutation.submitCase', {
        input: { applicant: { companyUscc: RESTAURANT } },
      }),
    ).not.toThrow();
  });
  it('asks an officer for a purpose, and a case purpose must be the case acted on', () => {
    expect(() => checkOperation(policy, officer(), 'Query.person', { id: ZHANG })).toThrow(
      expect.objectContaining({ code: 'PURPOSE_REQUIRED' }),
    );
    const onCase = officer({ kind: 'case', caseId: 'C2026110200001' });
    expect(() =>
      checkOperation(policy, onCase, 'Mutation.transitionCase', { id: 'C2026110200001' }),
    ).not.toThrow();
    expect(() => checkOperation(policy, onCase, 'Mutation.transitionCase', { id: 'C2026112000001' })).toThrow(
      expect.objectContaining({ code: 'PURPOSE_INVALID' }),
    );
  });
  it('lets a statutory purpose do only the mutations it lists', () => {
    const identity = officer({ kind: 'statutory', code: 'IDENTITY-VERIFICATION' });
    expect(() => checkOperation(policy, identity, 'Query.person', { id: LI })).not.toThrow();
    expect(() =>
      checkOperation(policy, identity, 'Mutation.submitCase', { input: { applicant: { personId: LI } } }),
    ).toThrow(expect.objectContaining({ code: 'PURPOSE_INVALID' }));
  });
  it('opens scoped operations to service clients holding the scope only', () => {
    expect(() => checkOperation(policy, service, 'Mutation.verifyDigitalId', {})).not.toThrow();
    expect(() => checkOperation(policy, service, 'Query.verifyCertificate', {})).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => checkOperation(policy, service, 'Query.person', { id: ZHANG })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
  it('keeps the public catalogue open to every authenticated caller', () => {
    for (const t of [citizen, agent, officer(), service])
      expect(() => checkOperation(policy, t, 'Query.matters', {})).not.toThrow();
  });
});

describe('checkEntity', () => {
  it('reads subjects off certificates, cases and properties', () => {
    expect(checkEntity(policy, citizen, 'Certificate', { holderType: 'PERSON', holderId: XIAOYU })).toEqual([
      `Person:${XIAOYU}`,
    ]);
    expect(() => checkEntity(policy, citizen, 'Case', { applicant: { uscc: RESTAURANT } })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(
      checkEntity(policy, agent, 'Property', {
        owners: [
          { type: 'PERSON', id: LI },
          { type: 'COMPANY', id: RESTAURANT },
        ],
      }),
    ).toEqual([`Person:${LI}`, `Company:${RESTAURANT}`]);
  });
  it('refuses an object whose subject it cannot read', () => {
    expect(() => checkEntity(policy, citizen, 'Certificate', {})).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
  it('refuses types a statutory purpose does not cover', () => {
    const tax = officer({ kind: 'statutory', code: 'TAX-INSPECTION' }, 'tax');
    expect(() => checkEntity(policy, tax, 'Certificate', { holderType: 'PERSON', holderId: LI })).toThrow(
      expect.objectContaining({ code: 'PURPOSE_INVALID' }),
    );
  });
});

describe('fieldVisibility and masking', () => {
  it('shows a citizen everything of their own, masks identity numbers for agents', () => {
    expect(fieldVisibility(policy, citizen, 'Person', 'householdAddress')).toBe('allow');
    expect(fieldVisibility(policy, agent, 'Person', 'documentNumber')).toBe('mask');
    expect(fieldVisibility(policy, agent, 'Company', 'name')).toBe('allow');
  });
  it('reveals health data to health officers on a case only', () => {
    const onCase = { kind: 'case', caseId: 'C2026110200001' } as const;
    expect(fieldVisibility(policy, officer(onCase), 'Person', 'healthCertificates')).toBe('mask');
    expect(fieldVisibility(policy, officer(onCase, 'health'), 'Person', 'healthCertificates')).toBe('allow');
    expect([...revealed(policy, officer(onCase))].sort()).toEqual(['address', 'identity-number']);
  });
  it('denies fields outside a statutory purpose, but never the key', () => {
    const identity = officer({ kind: 'statutory', code: 'IDENTITY-VERIFICATION' });
    expect(fieldVisibility(policy, identity, 'Person', 'name')).toBe('allow');
    expect(fieldVisibility(policy, identity, 'Person', 'id')).toBe('allow');
    expect(fieldVisibility(policy, identity, 'Person', 'householdAddress')).toBe('deny');
  });
  it('masks identity numbers and addresses to a fixed shape', () => {
    expect(maskValue('identity-number', ZHANG)).toBe('3101**********0017');
    expect(maskValue('identity-number', 'P-GBR-533401827')).toBe('P-GB*******1827');
    expect(maskValue('address', '上海市普陀区长寿路123弄4号501室')).toBe('上海市普陀区****');
    expect(maskValue('health', { id: 'x' })).toBeNull();
  });
});

describe('objectCategory', () => {
  it('calls a health document in the library health data, and nothing else', () => {
    expect(objectCategory(policy, 'Certificate', { type: 'HEALTH_CERTIFICATE' })).toBe('health');
    expect(objectCategory(policy, 'Certificate', { type: 'BIRTH_MEDICAL_CERTIFICATE' })).toBe('health');
    expect(objectCategory(policy, 'Certificate', { type: 'PUBLIC_PLACE_HEALTH_PERMIT' })).toBeUndefined();
    expect(objectCategory(policy, 'Certificate', { type: 'toString' })).toBeUndefined();
    expect(objectCategory(policy, 'Certificate', null)).toBeUndefined();
    expect(objectCategory(policy, 'Case', { type: 'HEALTH_CERTIFICATE' })).toBeUndefined();
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'policy-'));
  const write = (name: string, body: unknown) => {
    const f = path.join(dir, name);
    writeFileSync(f, JSON.stringify(body));
    return f;
  };
  it('loads the shipped policy and registry', () => {
    expect(policy.purposes.get('TAX-INSPECTION')?.departments).toEqual(['tax']);
    expect(Object.keys(policy.operations)).toContain('Query.person');
  });
  it('stops on an unknown role, a bad category or a duplicate purpose', () => {
    const base = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown>;
    const badRole = write('p1.json', { ...base, operations: { 'Query.person': { roles: ['KING'] } } });
    expect(() => loadPolicy({ policyFile: badRole }, {})).toThrow(
      new PolicyError(badRole, 'operation Query.person names unknown role KING'),
    );
    const badCat = write('p2.json', { ...base, sensitive: { 'Person.name': 'gossip' } });
    expect(() => loadPolicy({ policyFile: badCat }, {})).toThrow(PolicyError);
    const badObject = write('p3.json', {
      ...base,
      sensitiveObjects: { Certificate: { field: 'type', categories: { X: 'gossip' } } },
    });
    expect(() => loadPolicy({ policyFile: badObject }, {})).toThrow(
      new PolicyError(
        badObject,
        'sensitiveObjects.Certificate.categories must list categories among identity-number, address, health',
      ),
    );
    const p = { code: 'DUP-1', title: 't', legalBasis: 'b', departments: ['*'], types: {}, reveals: [] };
    const dup = write('dup.json', { purposes: [p, p] });
    expect(() => loadPolicy({ purposesFiles: [dup] }, {})).toThrow('purpose DUP-1 is defined twice');
  });
});
