import type { WBirthRecord, WCertificate, WCompany, WorldIndex, WPerson } from '../data/world';
import {
  DOCUMENT_NUMBER_SYSTEM,
  DOCUMENT_STATUS,
  DOCUMENT_TYPE_CODES,
  DOCUMENT_TYPE_SYSTEM,
  E_CERTIFICATE_SYSTEM,
  EXTENSIONS,
  PASSPORT_SYSTEM_PREFIX,
  PERSON_SYSTEMS,
  USCC_SYSTEM,
} from './vocabulary';

/** A FHIR resource as this server stores it (plain JSON). */
export type Resource = { resourceType: string; id: string } & Record<string, unknown>;

export interface Identifier {
  system: string;
  value: string;
}

/** The identifier a person is known by in the Commission's records. */
export function personIdentifier(p: WPerson): Identifier {
  if (p.documentType === 'PASSPORT')
    return { system: PASSPORT_SYSTEM_PREFIX + p.nationality, value: p.documentNumber };
  return { system: PERSON_SYSTEMS[p.documentType], value: p.documentNumber };
}

export function identifierKey(i: Identifier): string {
  return `${i.system}|${i.value}`;
}

/**
 * The Commission's records projected from the world: a Patient for everyone who holds a
 * health document or is a parent on a birth certificate, an Organization for every company
 * holding a permit, and a DocumentReference per certificate issued by `health`.
 */
export class HealthRecords {
  readonly documents: Resource[] = [];
  readonly documentById = new Map<string, Resource>();
  readonly documentsBySubject = new Map<string, Resource[]>();
  readonly patientById = new Map<string, Resource>();
  readonly patientsByIdentifier = new Map<string, Resource>();
  readonly organizationById = new Map<string, Resource>();
  readonly organizationsByIdentifier = new Map<string, Resource>();
  private readonly patientRefByPerson = new Map<string, string>();
  private readonly orgRefByCompany = new Map<string, string>();

  constructor(private readonly world: WorldIndex) {
    for (const c of world.world.certificates) {
      if (c.issuer !== 'health' || !DOCUMENT_TYPE_CODES[c.type]) continue;
      const doc = this.documentFor(c);
      if (!doc) continue;
      this.documents.push(doc);
      this.documentById.set(doc.id, doc);
      const key = identifierKey((doc.subject as { identifier: Identifier }).identifier);
      const list = this.documentsBySubject.get(key);
      if (list) list.push(doc);
      else this.documentsBySubject.set(key, [doc]);
    }
  }

  private documentFor(c: WCertificate): Resource | undefined {
    const subject = c.holderType === 'PERSON' ? this.personRef(c.holderId) : this.companyRef(c.holderId);
    if (!subject) return undefined;
    const code = DOCUMENT_TYPE_CODES[c.type]!;
    const doc: Resource = {
      resourceType: 'DocumentReference',
      id: c.id,
      meta: { versionId: '1', lastUpdated: `${c.validFrom}T09:00:00.000+08:00` },
      masterIdentifier: { system: DOCUMENT_NUMBER_SYSTEM, value: c.number },
      identifier: [{ system: E_CERTIFICATE_SYSTEM, value: c.id }],
      status: DOCUMENT_STATUS[c.status],
      type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code, display: c.title }] },
      subject,
      date: `${c.validFrom}T09:00:00+08:00`,
      description: c.title,
      content: [{ attachment: { contentType: 'application/pdf', url: `Binary/${c.id}`, title: c.title } }],
      context: { period: { start: c.validFrom, ...(c.validUntil ? { end: c.validUntil } : {}) } },
    };
    if (c.type === 'BIRTH_MEDICAL_CERTIFICATE') {
      const birth = this.world.birthByChild.get(c.holderId);
      if (birth) doc.extension = this.birthExtensions(birth);
    }
    return doc;
  }

  private birthExtensions(b: WBirthRecord): unknown[] {
    const ext: unknown[] = [
      { url: EXTENSIONS.birthHospital, valueString: b.hospital },
      { url: EXTENSIONS.birthTime, valueDateTime: b.birthDateTime },
      {
        url: EXTENSIONS.birthWeight,
        valueQuantity: { value: b.weightGrams, unit: 'g', system: 'http://unitsofmeasure.org', code: 'g' },
      },
    ];
    const mother = this.personRef(b.motherId);
    if (mother) ext.push({ url: EXTENSIONS.mother, valueReference: mother });
    const father = b.fatherId ? this.personRef(b.fatherId) : undefined;
    if (father) ext.push({ url: EXTENSIONS.father, valueReference: father });
    return ext;
  }

  private personRef(personId: string): Record<string, unknown> | undefined {
    const p = this.world.personById.get(personId);
    if (!p) return undefined;
    let ref = this.patientRefByPerson.get(personId);
    if (!ref) {
      ref = `Patient/pat-${this.patientById.size + 1}`;
      this.patientRefByPerson.set(personId, ref);
      this.addPatient(ref.slice('Patient/'.length), p);
    }
    return { reference: ref, type: 'Patient', identifier: personIdentifier(p), display: p.name };
  }

  private addPatient(id: string, p: WPerson): void {
    const identifier = personIdentifier(p);
    const patient: Resource = {
      resourceType: 'Patient',
      id,
      identifier: [
        {
          use: 'official',
          type: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
                code: p.documentType === 'PASSPORT' ? 'PPN' : 'NI',
              },
            ],
          },
          ...identifier,
        },
      ],
      name: [
        { use: 'official', text: p.name },
        ...(p.nameLatin ? [{ use: 'usual', text: p.nameLatin }] : []),
      ],
      gender: p.sex === 'M' ? 'male' : 'female',
      birthDate: p.birthDate,
    };
    this.patientById.set(id, patient);
    this.patientsByIdentifier.set(identifierKey(identifier), patient);
  }

  private companyRef(uscc: string): Record<string, unknown> | undefined {
    const c = this.world.companyByUscc.get(uscc);
    if (!c) return undefined;
    let ref = this.orgRefByCompany.get(uscc);
    if (!ref) {
      ref = `Organization/org-${this.organizationById.size + 1}`;
      this.orgRefByCompany.set(uscc, ref);
      this.addOrganization(ref.slice('Organization/'.length), c);
    }
    return {
      reference: ref,
      type: 'Organization',
      identifier: { system: USCC_SYSTEM, value: uscc },
      display: c.name,
    };
  }

  private addOrganization(id: string, c: WCompany): void {
    const org: Resource = {
      resourceType: 'Organization',
      id,
      identifier: [{ use: 'official', system: USCC_SYSTEM, value: c.uscc }],
      active: c.status === 'OPERATING',
      name: c.name,
      address: [{ text: c.address }],
    };
    this.organizationById.set(id, org);
    this.organizationsByIdentifier.set(`${USCC_SYSTEM}|${c.uscc}`, org);
  }
}
