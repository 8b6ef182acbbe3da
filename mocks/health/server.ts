import { FaultController } from '../kit/faults';
import { createHttpMockServer, type HttpMockReply, type HttpMockRequest } from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { FhirError, fhirProtocol, fhirReply, operationOf, operationOutcome } from './outcome';
import { PageStore } from './page-store';
import { HealthRecords, type Resource } from './resources';
import { searchBundle, searchByIdentifier, searchDocuments } from './search';

/** Realistic answer time of the Commission's FHIR server, in ms. @default 100 */
export const HEALTH_BASE_LATENCY_MS = 100;

const CAPABILITY_STATEMENT = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2026-01-01',
  kind: 'instance',
  software: { name: 'Shanghai Health Commission FHIR server', version: '4.2.1' },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  rest: [
    {
      mode: 'server',
      resource: [
        { type: 'DocumentReference', interaction: [{ code: 'read' }, { code: 'search-type' }] },
        { type: 'Patient', interaction: [{ code: 'read' }, { code: 'search-type' }] },
        { type: 'Organization', interaction: [{ code: 'read' }, { code: 'search-type' }] },
      ],
    },
  ],
};

/**
 * A FHIR-R4-like server for the Health Commission: DocumentReference, Patient and
 * Organization searches by identifier, paged Bundles with `next` links served through
 * `_getpages` search ids, OperationOutcome for every error.
 */
export async function startHealthMock(options: MockStartOptions): Promise<MockHandle> {
  const controller = new FaultController(options.baseLatencyMs ?? HEALTH_BASE_LATENCY_MS);
  const records = new HealthRecords(options.world);
  const store = new PageStore();

  const handle = (req: HttpMockRequest): HttpMockReply => {
    try {
      return route(req);
    } catch (e) {
      if (e instanceof FhirError) return operationOutcome(e.status, e.issueCode, e.message, e.headers);
      throw e;
    }
  };

  const route = (req: HttpMockRequest): HttpMockReply => {
    if (req.method !== 'GET')
      throw new FhirError(
        405,
        'not-supported',
        `HAPI-0389: ${req.method} is not supported on this read-only endpoint`,
      );
    const base = `http://${req.headers.host ?? '127.0.0.1'}`;
    const self = `${base}${req.path}${req.query.size ? `?${req.query.toString()}` : ''}`;
    const operation = operationOf(req);
    const parts = req.path.replace(/\/+$/, '').split('/').filter(Boolean);
    switch (operation) {
      case 'metadata':
        return fhirReply(CAPABILITY_STATEMENT);
      case 'Bundle.page':
        return fhirReply(page(req, base, self));
      case 'DocumentReference.search': {
        const { resources, count } = searchDocuments(records, req);
        return fhirReply(searchBundle(base, self, resources, count, store));
      }
      case 'Patient.search': {
        const { resources, count } = searchByIdentifier('Patient', records.patientById, req);
        return fhirReply(searchBundle(base, self, resources, count, store));
      }
      case 'Organization.search': {
        const { resources, count } = searchByIdentifier('Organization', records.organizationById, req);
        return fhirReply(searchBundle(base, self, resources, count, store));
      }
      case 'DocumentReference.read':
        return read(parts, records.documentById);
      case 'Patient.read':
        return read(parts, records.patientById);
      case 'Organization.read':
        return read(parts, records.organizationById);
      default:
        throw new FhirError(404, 'not-found', `HAPI-0302: Unknown resource type or operation: ${req.path}`);
    }
  };

  const read = (parts: string[], all: Map<string, Resource>): HttpMockReply => {
    const [, type, id] = parts;
    if (parts.length !== 3)
      throw new FhirError(404, 'not-found', `HAPI-0302: Unknown operation: /${parts.join('/')}`);
    const r = all.get(id!);
    if (!r) throw new FhirError(404, 'not-found', `HAPI-2001: Resource ${type}/${id} is not known`);
    return fhirReply(r);
  };

  const page = (req: HttpMockRequest, base: string, self: string): Resource => {
    const id = req.query.get('_getpages') ?? '';
    const offset = Number(req.query.get('_getpagesoffset') ?? '0');
    const count = Number(req.query.get('_count') ?? '20');
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(count) || count < 1)
      throw new FhirError(400, 'invalid', 'HAPI-0418: Invalid _getpagesoffset or _count');
    const resources = store.get(id);
    if (!resources)
      throw new FhirError(
        410,
        'processing',
        `HAPI-0417: Search ID "${id}" does not exist and may have expired`,
      );
    return searchBundle(base, self, resources, Math.min(count, 50), store, offset, id);
  };

  const server = createHttpMockServer(controller, fhirProtocol, handle);
  return startMock('health', 'http', server, controller, options);
}
