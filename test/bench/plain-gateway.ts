// The plain gateway the `gateway overhead` bench measures ours against, run as its own process
// (plain-gateway-process.ts starts it): @apollo/gateway + @apollo/server with default settings
// over the same subgraphs. Its one addition is the signed context header every subgraph demands
// (trust/context/signed-context.ts), signed per subgraph call as ours signs it, for a fixed
// window officer under the test-only purpose E2E-TEST (any subject): it authenticates nobody and
// checks nothing, so it never needs the access-check look-ups ours makes.
//
// Environment: CONTEXT_SIGNING_KEY_FILE (the stack's context key), <NAME>_SUBGRAPH_URL for each
// subgraph (test/helpers/gateway-process.ts stackGatewayEnv), GATEWAY_SUPERGRAPH (default
// gateway/supergraph.graphql). Prints {"url": ...} once listening.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { JWK } from 'jose';
import {
  bodyHash,
  CONTEXT_HEADER,
  contextSigner,
  type ContextSigner,
} from '../../trust/context/signed-context';
import { onTermination } from '../../subgraphs/kit/main';
import type { TrustContext } from '../../trust/context/trust-context';

/** Who every subgraph call of the plain gateway claims to come from. */
const PLAIN_CONTEXT: Omit<TrustContext, 'traceId'> = {
  actor: {
    id: 'officer-plain-gateway',
    role: 'OFFICER',
    department: 'service-center',
    window: 'BENCH',
    scopes: [],
    issuer: 'plain @apollo/gateway (no authentication)',
  },
  channel: 'counter',
  purpose: { kind: 'statutory', code: 'E2E-TEST' },
  subjects: { persons: [], companies: [], any: true },
};

/** A default RemoteGraphQLDataSource plus the signed context header (the one addition). */
class SignedContextDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly department: string,
    private readonly sign: ContextSigner,
  ) {
    super({ url });
  }

  override async willSendRequest({ request }: GraphQLDataSourceProcessOptions): Promise<void> {
    const trust = { ...PLAIN_CONTEXT, traceId: randomBytes(16).toString('hex') };
    const token = await this.sign(trust, this.department, bodyHash(request.query, request.variables), 30);
    request.http?.headers.set(CONTEXT_HEADER, token);
  }
}

async function main(): Promise<void> {
  const keyFile = process.env.CONTEXT_SIGNING_KEY_FILE;
  if (!keyFile) throw new Error('CONTEXT_SIGNING_KEY_FILE is not set');
  const sign = await contextSigner(JSON.parse(readFileSync(keyFile, 'utf8')) as JWK);
  const supergraphSdl = readFileSync(
    process.env.GATEWAY_SUPERGRAPH ?? path.resolve(__dirname, '../../gateway/supergraph.graphql'),
    'utf8',
  );
  const urlOf = (name: string, url: string | undefined) =>
    process.env[`${name.toUpperCase().replace(/-/g, '_')}_SUBGRAPH_URL`] ?? url!;
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SignedContextDataSource(urlOf(name, url), name, sign),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  // Stops as every process of ours does: on SIGTERM, SIGINT, or its supervisor (the bench) gone.
  onTermination(() => server.stop(), 'plain @apollo/gateway');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
