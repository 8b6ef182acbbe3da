import type { FhirResource } from './bundle';
import { badReply } from './errors';
import { identifierKey, personIdFromIdentifier, type FhirIdentifier } from './identifiers';
import type {
  BirthMedicalCertificate,
  HealthCertificate,
  HealthDocumentStatus,
  PersonHealthDocuments,
  PublicPlaceHealthPermit,
} from './model';
import {
  DOCUMENT_NUMBER_SYSTEM,
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_SYSTEM,
  E_CERTIFICATE_SYSTEM,
  EXTENSIONS,
} from './vocabulary';

/** One DocumentReference, mapped, with the identifier of its subject (for handing it to the right key). */
export type MappedDocument =
  | { kind: 'birthMedicalCertificate'; subject: string; fhirStatus: string; value: BirthMedicalCertificate }
  | { kind: 'healthCertificate'; subject: string; value: HealthCertificate }
  | { kind: 'publicPlaceHealthPermit'; subject: string; value: PublicPlaceHealthPermit };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DocumentReference.status -> our status (FHIR has no "expired": the Commission marks those superseded). */
const STATUS: Record<string, HealthDocumentStatus> = {
  current: 'VALID',
  superseded: 'EXPIRED',
  'entered-in-error': 'REVOKED',
};

const DATE = /^(\d{4}-\d{2}-\d{2})(T.*)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads one DocumentReference field by field; a missing or ill-typed field throws BAD_LEGACY_REPLY. */
class Reader {
  constructor(readonly doc: FhirResource) {}

  fail(detail: string): never {
    throw badReply('DocumentReference', `DocumentReference/${String(this.doc.id)}: ${detail}`);
  }

  identifier(v: unknown, where: string): FhirIdentifier {
    if (!isObject(v) || typeof v.system !== 'string' || typeof v.value !== 'string' || v.value === '')
      this.fail(`${where} has no identifier system and value`);
    return { system: v.system, value: v.value };
  }

  subject(): FhirIdentifier {
    const subject = this.doc.subject;
    if (!isObject(subject)) this.fail('no subject');
    return this.identifier(subject.identifier, 'subject');
  }

  typeCode(): string | undefined {
    const codings =
      isObject(this.doc.type) && Array.isArray(this.doc.type.coding) ? this.doc.type.coding : [];
    const ours = codings.find(
      (c): c is Obj => isObject(c) && c.system === DOCUMENT_TYPE_SYSTEM && typeof c.code === 'string',
    );
    return ours?.code as string | undefined;
  }

  certificateId(): string {
    const ids = Array.isArray(this.doc.identifier) ? this.doc.identifier : [];
    const id = ids.find(
      (i): i is Obj => isObject(i) && i.system === E_CERTIFICATE_SYSTEM && typeof i.value === 'string',
    );
    if (!id) this.fail('no e-certificate identifier');
    return id.value as string;
  }

  number(): string {
    const m = this.doc.masterIdentifier;
    if (!isObject(m) || m.system !== DOCUMENT_NUMBER_SYSTEM || typeof m.value !== 'string' || m.value === '')
      this.fail('no document number (masterIdentifier)');
    return m.value;
  }

  status(): string {
    const s = this.doc.status;
    if (typeof s !== 'string' || !(s in STATUS)) this.fail(`status ${JSON.stringify(s)}`);
    return s;
  }

  /** context.period as calendar dates; a dateTime keeps the date as written (the server's local date). */
  period(): { validFrom: string; validUntil: string | null } {
    const period = isObject(this.doc.context) ? this.doc.context.period : undefined;
    if (!isObject(period)) this.fail('no context.period');
    const date = (v: unknown, name: string) => {
      const m = typeof v === 'string' ? DATE.exec(v) : null;
      if (!m) this.fail(`context.period.${name} ${JSON.stringify(v)} is not a date`);
      return m[1]!;
    };
    return {
      validFrom: date(period.start, 'start'),
      validUntil: period.end === undefined ? null : date(period.end, 'end'),
    };
  }

  extension(url: string): Obj | undefined {
    const list = Array.isArray(this.doc.extension) ? this.doc.extension : [];
    return list.find((e): e is Obj => isObject(e) && e.url === url);
  }

  requiredExtension(url: string, name: string): Obj {
    return this.extension(url) ?? this.fail(`no ${name} extension`);
  }

  personReference(ext: Obj, name: string): string {
    const ref = ext.valueReference;
    if (!isObject(ref)) this.fail(`${name} extension has no valueReference`);
    const id = personIdFromIdentifier(this.identifier(ref.identifier, name));
    if (!id) this.fail(`${name} identifier system is not one for people`);
    return id;
  }
}

function weightInGrams(r: Reader, ext: Obj): number {
  const q = ext.valueQuantity;
  if (!isObject(q) || typeof q.value !== 'number' || !(q.value > 0))
    r.fail('birth weight has no positive valueQuantity');
  // UCUM codes; some hospitals' systems send kilograms.
  if (q.code === 'g') return Math.round(q.value);
  if (q.code === 'kg') return Math.round(q.value * 1000);
  return r.fail(`birth weight unit ${JSON.stringify(q.code)}`);
}

function birthCertificate(r: Reader): BirthMedicalCertificate {
  const hospital = r.requiredExtension(EXTENSIONS.birthHospital, 'birth hospital').valueString;
  if (typeof hospital !== 'string' || hospital === '') r.fail('birth hospital is not a string');
  const bornAt = r.requiredExtension(EXTENSIONS.birthTime, 'birth time').valueDateTime;
  if (typeof bornAt !== 'string' || !DATE_TIME.test(bornAt))
    r.fail(`birth time ${JSON.stringify(bornAt)} has no time and offset`);
  const father = r.extension(EXTENSIONS.father);
  return {
    certificateId: r.certificateId(),
    number: r.number(),
    hospital,
    bornAt,
    weightGrams: weightInGrams(r, r.requiredExtension(EXTENSIONS.birthWeight, 'birth weight')),
    motherId: r.personReference(r.requiredExtension(EXTENSIONS.mother, 'mother'), 'mother'),
    fatherId: father ? r.personReference(father, 'father') : null,
  };
}

function validity(r: Reader): HealthCertificate {
  return { certificateId: r.certificateId(), number: r.number(), ...r.period(), status: STATUS[r.status()]! };
}

/**
 * Maps one DocumentReference. Returns undefined for a document type this adapter does not
 * serve; throws BAD_LEGACY_REPLY when a field it needs is missing or malformed.
 * `subject` is the identifierKey of the document's subject.
 */
export function mapDocumentReference(doc: FhirResource): MappedDocument | undefined {
  const r = new Reader(doc);
  const subject = identifierKey(r.subject());
  switch (r.typeCode()) {
    case DOCUMENT_TYPES.birthMedicalCertificate:
      return { kind: 'birthMedicalCertificate', subject, fhirStatus: r.status(), value: birthCertificate(r) };
    case DOCUMENT_TYPES.healthCertificate:
      return { kind: 'healthCertificate', subject, value: validity(r) };
    case DOCUMENT_TYPES.publicPlaceHealthPermit:
      return { kind: 'publicPlaceHealthPermit', subject, value: validity(r) };
    default:
      return undefined;
  }
}

/** The identifierKey of a DocumentReference's subject, or undefined when it has none to read. */
export function documentSubject(doc: FhirResource): string | undefined {
  const subject = doc.subject;
  if (!isObject(subject) || !isObject(subject.identifier)) return undefined;
  const { system, value } = subject.identifier;
  return typeof system === 'string' && typeof value === 'string'
    ? identifierKey({ system, value })
    : undefined;
}

const newestFirst = (a: { validFrom: string }, b: { validFrom: string }) =>
  b.validFrom.localeCompare(a.validFrom);

/**
 * A person's documents from their mapped DocumentReferences: the current birth certificate
 * (a reissued one supersedes the old; a revoked one is no birth certificate), health
 * certificates newest first. Null when the Commission holds nothing for them.
 */
export function personDocuments(docs: readonly MappedDocument[]): PersonHealthDocuments | null {
  if (docs.length === 0) return null;
  const births = docs.filter((d) => d.kind === 'birthMedicalCertificate');
  const birth =
    births.find((d) => d.fhirStatus === 'current') ?? births.find((d) => d.fhirStatus === 'superseded');
  const healthCertificates = docs
    .filter((d) => d.kind === 'healthCertificate')
    .map((d) => d.value)
    .sort(newestFirst);
  return { birthMedicalCertificate: birth ? birth.value : null, healthCertificates };
}

/** A company's public-place health permits, newest first; null when it holds none. */
export function companyPermits(docs: readonly MappedDocument[]): PublicPlaceHealthPermit[] | null {
  const permits = docs.filter((d) => d.kind === 'publicPlaceHealthPermit').map((d) => d.value);
  return permits.length === 0 ? null : permits.sort(newestFirst);
}
