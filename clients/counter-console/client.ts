import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { request } from 'undici';
import { CounterClientError, errorOfResponse, type GraphQLErrorEntry } from './client-error';
import { persistedIdOf, persistedIds, type RegisteredOperation } from './persisted-ids';

/** The channel apps the gateway knows (`x-channel`); anything else is `unknown` to it. */
export type ChannelApp = 'counter' | 'portal' | 'terminal' | 'app';

export interface CounterClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /**
   * The officer's bearer token from the identity provider (`npm run token` in development), or a
   * function giving the current one (called before every request, so a refreshed token is used).
   */
  token: string | (() => string | Promise<string>);
  /**
   * Why the officer reads (`x-purpose`): `case:<case id>` for a case at the window, or a statutory
   * purpose code. @default none (the gateway refuses personal data without one)
   */
  purpose?: string;
  /** The channel app sending (`x-channel`). @default 'counter' */
  channel?: ChannelApp;
  /**
   * The channel's registered operations (its persisted query manifest). When given, operations are
   * sent by registered id, not as text, as the gateway's safelist mode requires; an operation the
   * manifest lacks fails with OPERATION_NOT_PERSISTED before anything is sent. @default none: text
   */
  persisted?: readonly RegisteredOperation[];
  /** How long one request may take, headers and body, in ms. @default 10_000 (10 s) */
  timeoutMs?: number;
}

/** Variables as a call passes them: optional when the operation declares none that are required. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export interface CounterClient {
  /**
   * Runs one generated operation (`CounterViewDocument`, `TransitionCaseDocument`…) and returns its
   * typed `data`. Any GraphQL error, even beside partial data, throws CounterClientError (its
   * `data` keeps what did arrive).
   */
  run<R, V>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>): Promise<R>;
}

const DEFAULT_TIMEOUT_MS = 10_000; // 10 s: above the gateway's own 5 s deadline, so its answer arrives first

/** A typed GraphQL client for the counter console, over undici. Options are checked here, once. */
export function createCounterClient(options: CounterClientOptions): CounterClient {
  const { url, token, purpose, channel = 'counter', timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (!/^https?:\/\//.test(url)) throw new TypeError(`url must be an http(s) URL: ${url}`);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new TypeError(`timeoutMs must be a positive whole number of ms: ${timeoutMs}`);
  const ids = options.persisted ? persistedIds(options.persisted) : undefined;

  return {
    async run<R, V>(document: TypedDocumentNode<R, V>, ...[variables]: VariablesArg<V>): Promise<R> {
      const operationName = operationNameOf(document);
      let body: Record<string, unknown>;
      if (ids) {
        const id = persistedIdOf(ids, document);
        if (!id)
          throw new CounterClientError(
            'OPERATION_NOT_PERSISTED',
            `operation ${operationName ?? '(anonymous)'} is not in the ${channel} manifest given to the client`,
            [],
            undefined,
            0,
          );
        body = { id, operationName, variables };
      } else body = { query: print(document), operationName, variables };

      const res = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${typeof token === 'function' ? await token() : token}`,
          'x-channel': channel,
          ...(purpose ? { 'x-purpose': purpose } : {}),
        },
        body: JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await res.body.text();
      let reply: { data?: R | null; errors?: GraphQLErrorEntry[] } | undefined;
      try {
        reply = JSON.parse(text) as typeof reply;
      } catch {
        reply = undefined;
      }
      if (reply?.errors?.length) throw errorOfResponse(res.statusCode, reply.errors, reply.data);
      if (res.statusCode !== 200 || !reply || reply.data === undefined || reply.data === null)
        throw new CounterClientError(
          `HTTP_${res.statusCode}`,
          `the gateway answered ${res.statusCode} without GraphQL data: ${text.slice(0, 200)}`,
          [],
          undefined,
          res.statusCode,
        );
      return reply.data;
    },
  };
}

function operationNameOf(document: DocumentNode): string | undefined {
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return op?.name?.value;
}
