import type { CallScope } from '../kit/call-scope';
import { HttpUpstream } from '../kit/http-upstream';
import { badReply, faultError, statusError } from './errors';
import type { PersonQuery } from './query';
import { batchRequest, NS, readEnvelope, REQUEST_CONTENT_TYPE, text } from './soap';

/** One result of a batch (结果, JG), still in the registry's terms. */
export interface LegacyResult {
  /** Sequence number of the condition it answers, 1-based. */
  XH: string;
  /** Return code: 0000 found, 0001 not found, others a per-record error. */
  FHDM: string;
  /** Return message, in Chinese. */
  FHXX: string;
  /** The person record (人员信息), when found. */
  RYXX: Record<string, unknown> | undefined;
}

export interface HouseholdClientOptions {
  upstream: HttpUpstream;
  /** Path of the service, e.g. `/ws/HouseholdService`. */
  servicePath: string;
}

/** The SOAP 1.1 client of the household service: GB18030 on the wire, Faults as typed errors. */
export class HouseholdClient {
  constructor(private readonly options: HouseholdClientOptions) {}

  /**
   * One QueryPersonBatch call for the conditions, results in the registry's own shape.
   * The registry refuses more than 50 conditions with a soap:Client Fault (LEGACY_FAULT);
   * callers split batches (LegacyOperation's maxBatchSize).
   */
  async queryPersonBatch(queries: readonly PersonQuery[], scope?: CallScope): Promise<LegacyResult[]> {
    const operation = 'QueryPersonBatch';
    const reply = await this.options.upstream.request({
      method: 'POST',
      path: this.options.servicePath,
      headers: {
        'content-type': REQUEST_CONTENT_TYPE,
        soapaction: `"${NS}/${operation}"`,
        accept: 'text/xml',
      },
      body: batchRequest(queries),
      scope,
    });
    const envelope = readEnvelope(operation, reply);
    if (envelope && 'fault' in envelope)
      throw faultError(operation, envelope.fault, reply.headers['retry-after']);
    if (reply.status !== 200) throw statusError(operation, reply.status, reply.headers['retry-after']);
    if (!envelope) throw badReply(operation, 'the reply is not a SOAP envelope');
    const response = envelope.body.QueryPersonBatchResponse as { JGLB?: { JG?: unknown } } | undefined;
    const jg =
      response && typeof response === 'object' && typeof response.JGLB === 'object'
        ? response.JGLB.JG
        : undefined;
    if (!Array.isArray(jg)) throw badReply(operation, 'QueryPersonBatchResponse/JGLB/JG missing');
    return jg.map((r) => {
      const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      const ryxx = o.RYXX && typeof o.RYXX === 'object' ? (o.RYXX as Record<string, unknown>) : undefined;
      return { XH: text(o.XH) ?? '', FHDM: text(o.FHDM) ?? '', FHXX: text(o.FHXX) ?? '', RYXX: ryxx };
    });
  }

  /** Is the service there? Fetches its WSDL (no registry lookup, no personal data). */
  async ready(): Promise<boolean> {
    try {
      const reply = await this.options.upstream.request({
        method: 'GET',
        path: `${this.options.servicePath}?wsdl`,
      });
      return reply.status === 200;
    } catch {
      return false;
    }
  }
}
