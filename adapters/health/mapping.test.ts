import type { DataLayerError } from '../kit/errors';
import type { FhirResource } from './bundle';
import { mapDocumentReference, personDocuments, type MappedDocument } from './mapping';
import {
  DOCUMENT_NUMBER_SYSTEM,
  DOCUMENT_TYPE_SYSTEM,
  E_CERTIFICATE_SYSTEM,
  EXTENSIONS,
  RESIDENT_ID_SYSTEM,
} from './vocabulary';

const person = (value: string) => ({
  reference: 'Patient/p',
  identifier: { system: RESIDENT_ID_SYSTEM, value },
});

function birthDoc(overrides: Record<string, unknown> = {}, extension?: unknown[]): FhirResource {
  return {
    resourceType: 'DocumentReference',
    id: 'b1',
    masterIdentifier: { system: DOCUMENT_NUMBER_SYSTEM, value: 'Q1' },
    identifier: [{ system: E_CERTIFICATE_SYSTEM, value: 'HL-BMC-Q1' }],
    status: 'current',
    type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: 'birth-medical-certificate' }] },
    subject: person('310107202308150047'),
    context: { period: { start: '2023-08-15' } },
    extension: extension ?? [
      { url: EXTENSIONS.birthHospital, valueString: '某医院' },
      { url: EXTENSIONS.birthTime, valueDateTime: '2023-08-15T06:42:00+08:00' },
      { url: EXTENSIONS.birthWeight, valueQuantity: { value: 3.35, code: 'kg' } },
      { url: EXTENSIONS.mother, valueReference: person('310107198511220021') },
    ],
    ...overrides,
  };
}

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return `${(e as DataLayerError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

describe('mapDocumentReference', () => {
  it('converts a weight in kilograms and leaves an unrecorded father null', () => {
    expect(mapDocumentReference(birthDoc())).toEqual({
      kind: 'birthMedicalCertificate',
      subject: `${RESIDENT_ID_SYSTEM}|310107202308150047`,
      fhirStatus: 'current',
      value: {
        certificateId: 'HL-BMC-Q1',
        number: 'Q1',
        hospital: '某医院',
        bornAt: '2023-08-15T06:42:00+08:00',
        weightGrams: 3350,
        motherId: '310107198511220021',
        fatherId: null,
      },
    });
  });

  it('maps superseded to EXPIRED and keeps the local date of a period given as dateTime', () => {
    const doc = birthDoc({
      status: 'superseded',
      type: { coding: [{ system: DOCUMENT_TYPE_SYSTEM, code: 'health-certificate' }] },
      context: { period: { start: '2026-03-01T00:00:00+08:00', end: '2027-02-28' } },
    });
    expect(mapDocumentReference(doc)?.value).toEqual({
      certificateId: 'HL-BMC-Q1',
      number: 'Q1',
      validFrom: '2026-03-01',
      validUntil: '2027-02-28',
      status: 'EXPIRED',
    });
  });

  it('skips a document type it does not serve', () => {
    expect(
      mapDocumentReference(birthDoc({ type: { coding: [{ system: 'other', code: 'x' }] } })),
    ).toBeUndefined();
  });

  it.each([
    [
      'no mother',
      birthDoc({}, [
        { url: EXTENSIONS.birthHospital, valueString: 'h' },
        { url: EXTENSIONS.birthTime, valueDateTime: '2023-08-15T06:42:00+08:00' },
        { url: EXTENSIONS.birthWeight, valueQuantity: { value: 3350, code: 'g' } },
      ]),
      'no mother extension',
    ],
    [
      'a birth time without time of day',
      birthDoc({}, [
        { url: EXTENSIONS.birthTime, valueDateTime: '2023-08-15' },
        { url: EXTENSIONS.birthHospital, valueString: 'h' },
      ]),
      'birth time "2023-08-15" has no time and offset',
    ],
    ['an unknown status', birthDoc({ status: 'preliminary' }), 'status "preliminary"'],
    [
      'no document number',
      birthDoc({ masterIdentifier: undefined }),
      'no document number (masterIdentifier)',
    ],
  ])('calls a document with %s BAD_LEGACY_REPLY', (_what, doc, detail) => {
    expect(failure(() => mapDocumentReference(doc))).toBe(
      `BAD_LEGACY_REPLY: health DocumentReference: the FHIR server answered something malformed (DocumentReference/b1: ${detail})`,
    );
  });
});

describe('personDocuments', () => {
  const birth = (number: string, fhirStatus: string): MappedDocument => ({
    kind: 'birthMedicalCertificate',
    subject: 's',
    fhirStatus,
    value: {
      certificateId: number,
      number,
      hospital: 'h',
      bornAt: 't',
      weightGrams: 1,
      motherId: 'm',
      fatherId: null,
    },
  });
  const health = (number: string, validFrom: string): MappedDocument => ({
    kind: 'healthCertificate',
    subject: 's',
    value: { certificateId: number, number, validFrom, validUntil: null, status: 'VALID' },
  });

  it('takes the current birth certificate over a superseded one and sorts health certificates newest first', () => {
    const docs = personDocuments([
      birth('OLD', 'superseded'),
      health('H1', '2024-01-01'),
      birth('NEW', 'current'),
      health('H2', '2026-01-01'),
    ]);
    expect([docs?.birthMedicalCertificate?.number, docs?.healthCertificates.map((h) => h.number)]).toEqual([
      'NEW',
      ['H2', 'H1'],
    ]);
  });

  it('gives no birth certificate when the only one was entered in error', () => {
    expect(personDocuments([birth('X', 'entered-in-error')])).toEqual({
      birthMedicalCertificate: null,
      healthCertificates: [],
    });
  });

  it('is null when the Commission holds nothing', () => {
    expect(personDocuments([])).toBeNull();
  });
});
