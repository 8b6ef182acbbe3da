import type { CallScope } from '../kit/call-scope';
import type { ErrorCode } from '../kit/error-codes';
import { DataLayerError } from '../kit/errors';
import { HttpUpstream, type HttpReply } from '../kit/http-upstream';
import { badReply, DEPARTMENT, platformError, replyError, WRITE_ERRORS } from './errors';
import { certificateField, listField, toCertificate, toIssuerPublicKey } from './mapping';
import type { Certificate, HolderRef, IssueCertificateInput, IssuerPublicKey } from './model';
import { toJwks, toSuishenmaCode, type JsonWebKeySet } from './suishenma-mapping';
import type { ResolvedOptions } from './options';
import { responseSignatureValid, signRequest, type Credentials } from './signing';

/** Most pages followed for one searchByHolders call; more means the platform's paging is broken. */
const MAX_PAGES = 100;

interface CallOptions {
  /** A signed 404 is null rather than an error. */
  notFoundIsNull?: boolean;
  /** Platform refusal codes (4xx) that become these typed errors. */
  codes?: Readonly<Record<string, ErrorCode>>;
}

/**
 * The Big Data Center's signed REST/JSON API: every request carries an HMAC-SHA256
 * signature with a fresh nonce and timestamp, every reply we read must carry a valid
 * X-Response-Signature over its exact bytes, or it is treated as tampered.
 */
export class BigDataCenterClient {
  private readonly upstream: HttpUpstream;
  private readonly creds: Credentials;

  constructor(private readonly options: ResolvedOptions) {
    this.upstream = new HttpUpstream({
      department: 'big-data-center',
      url: options.url,
      connections: options.connections,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.requestTimeoutMs,
      bodyTimeoutMs: options.requestTimeoutMs,
    });
    this.creds = { appKey: options.appKey, appSecret: options.appSecret };
  }

  /** `POST /v1/certificates:batchGet` for at most 100 ids; certificates not in the library are absent. */
  async batchGet(ids: readonly string[], scope?: CallScope): Promise<Certificate[]> {
    const reply = await this.call('POST', '/v1/certificates:batchGet', { ids }, scope);
    return listField(reply, 'certificates', 'batchGet reply').map(toCertificate);
  }

  /** `POST /v1/certificates:searchByHolders` for at most 100 holders, following every page. */
  async searchByHolders(holders: readonly HolderRef[], scope?: CallScope): Promise<Certificate[]> {
    const out: Certificate[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body: Record<string, unknown> = { holders, pageSize: this.options.pageSize };
      if (pageToken !== undefined) body.pageToken = pageToken;
      const reply = await this.call('POST', '/v1/certificates:searchByHolders', body, scope);
      for (const raw of listField(reply, 'certificates', 'searchByHolders reply'))
        out.push(toCertificate(raw));
      const next = (reply as { nextPageToken?: unknown }).nextPageToken;
      if (next === undefined || next === null) return out;
      if (typeof next !== 'string' || next === '')
        throw badReply('searchByHolders reply.nextPageToken is not a string');
      pageToken = next;
    }
    throw badReply(`searchByHolders kept paging past ${MAX_PAGES} pages`);
  }

  /** `GET /v1/issuers/{code}/public-key`; null when the platform knows no such issuer. */
  async issuerPublicKey(code: string, scope?: CallScope): Promise<IssuerPublicKey | null> {
    const reply = await this.call(
      'GET',
      `/v1/issuers/${encodeURIComponent(code)}/public-key`,
      undefined,
      scope,
      {
        notFoundIsNull: true,
      },
    );
    return reply === null ? null : toIssuerPublicKey(reply);
  }

  /** `POST /v1/certificates:findByVerificationCode`; null when no certificate carries the code. */
  async findByVerificationCode(verificationCode: string, scope?: CallScope): Promise<Certificate | null> {
    const reply = await this.call(
      'POST',
      '/v1/certificates:findByVerificationCode',
      { verificationCode },
      scope,
      { notFoundIsNull: true },
    );
    return reply === null ? null : certificateField(reply, 'findByVerificationCode reply');
  }

  /** `POST /v1/certificates:issue`: the library issues and signs; idempotent by requestId. */
  async issue(input: IssueCertificateInput, scope?: CallScope): Promise<Certificate> {
    const { holderType, holderId, requestId, ...rest } = input;
    const body = { requestId, ...rest, holder: { type: holderType, id: holderId } };
    const reply = await this.call('POST', '/v1/certificates:issue', body, scope, { codes: WRITE_ERRORS });
    return certificateField(reply, 'issue reply');
  }

  /** `POST /v1/certificates/{id}:revoke`; idempotent by requestId. */
  async revoke(id: string, reason: string, requestId: string, scope?: CallScope): Promise<Certificate> {
    const path = `/v1/certificates/${encodeURIComponent(id)}:revoke`;
    const reply = await this.call('POST', path, { reason, requestId }, scope, { codes: WRITE_ERRORS });
    return certificateField(reply, 'revoke reply');
  }

  /** `POST /v1/suishenma:issue`: a signed short-lived code; null when the library knows no such holder. */
  async issueSuishenma(
    holder: HolderRef,
    scene: string | undefined,
    scope?: CallScope,
  ): Promise<{ code: string; expiresAt: string } | null> {
    const body = scene === undefined ? { holder } : { holder, scene };
    const reply = await this.call('POST', '/v1/suishenma:issue', body, scope, {
      notFoundIsNull: true,
      codes: WRITE_ERRORS,
    });
    return reply === null ? null : toSuishenmaCode(reply);
  }

  /** `GET /v1/suishenma/jwks`: the keys Suishenma codes are signed with. */
  async suishenmaJwks(scope?: CallScope): Promise<JsonWebKeySet> {
    return toJwks(await this.call('GET', '/v1/suishenma/jwks', undefined, scope));
  }

  /** `GET /v1/ping`: reachable, and our credentials are accepted. */
  async ping(scope?: CallScope): Promise<boolean> {
    const reply = await this.call('GET', '/v1/ping', undefined, scope);
    return (reply as { status?: unknown }).status === 'ok';
  }

  close(): Promise<void> {
    return this.upstream.close();
  }

  /**
   * Signs and sends one request, checks the reply signature, parses the JSON. With
   * `notFoundIsNull` a signed 404 is null; every other failure is a DataLayerError.
   */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    scope?: CallScope,
    { notFoundIsNull = false, codes }: CallOptions = {},
  ): Promise<unknown> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signRequest(this.creds, { method, path, body: text }),
    };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const reply = await this.upstream.request({
      method,
      path,
      headers,
      body: body === undefined ? undefined : text,
      scope,
    });
    const notFound = notFoundIsNull && reply.status === 404;
    if (reply.status !== 200 && !notFound) {
      // A typed refusal is believed only when the platform signed it; anything else is its gateway's error.
      const refusal =
        codes && reply.status < 500 && this.signed(reply, headers['x-nonce']!)
          ? platformError(reply.body)
          : undefined;
      const code = refusal && codes![refusal.code];
      if (code)
        throw new DataLayerError(code, `big-data-center: ${refusal.message}`, { department: DEPARTMENT });
      throw replyError(reply, this.creds.appKey);
    }
    this.checkSignature(reply, headers['x-nonce']!);
    if (notFound) return null;
    try {
      return JSON.parse(reply.body.toString('utf8')) as unknown;
    } catch (e) {
      throw badReply(`${path} answered a body that is not JSON`, e);
    }
  }

  /** A reply without our app's signature over its exact bytes was altered on the way or is not from the platform. */
  private signed(reply: HttpReply, nonce: string): boolean {
    return responseSignatureValid(
      this.creds.appSecret,
      reply.body,
      reply.headers['x-response-signature'],
      nonce,
    );
  }

  private checkSignature(reply: HttpReply, nonce: string): void {
    if (!this.signed(reply, nonce))
      throw badReply(
        reply.headers['x-response-signature'] === undefined
          ? 'the reply carries no X-Response-Signature'
          : 'the reply does not match its X-Response-Signature (altered on the way, or not from the platform)',
      );
  }
}
