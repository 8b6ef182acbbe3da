import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { metrics } from '../../adapters/kit/metrics';
import { answerGraphQL } from './apollo-http';
import { MAX_OPERATION_LABELS, operationLabel, telemetryPlugin } from './telemetry-plugin';

describe('operationLabel', () => {
  it('keeps well-formed names, calls the rest anonymous', () => {
    expect(operationLabel('CounterView')).toBe('CounterView');
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('drop table;')).toBe('anonymous');
  });

  it('stops making new label values after MAX_OPERATION_LABELS names, so a client cannot grow memory', () => {
    for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) operationLabel(`Probe${i}`);
    expect(operationLabel('CounterView')).toBe('CounterView');
    expect(operationLabel('BrandNewName')).toBe('other');
  });
});

describe('telemetryPlugin', () => {
  const helloExchange = {
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ hello }' }),
  };

  /** A server whose other plugin takes 150 ms over its willSendResponse and then withholds the answer, as the audit trail does when it cannot record. */
  async function serverWithSlowWithholding(service: string, telemetryFirst: boolean) {
    const withholding: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            await new Promise((r) => setTimeout(r, 150));
            if (response.body.kind === 'single')
              response.body.singleResult = {
                data: null,
                errors: [{ message: 'withheld', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
              };
          },
        };
      },
    };
    const telemetry = telemetryPlugin(service);
    const apollo = new ApolloServer({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'hi' } },
      plugins: telemetryFirst ? [telemetry, withholding] : [withholding, telemetry],
    });
    await apollo.start();
    return apollo;
  }

  /** The count by outcome and the summed seconds `service` has in the process's metrics. */
  async function figuresOf(service: string) {
    const counts: Record<string, number> = {};
    for (const v of (await metrics.graphqlRequests.get()).values)
      if (v.labels.service === service) counts[String(v.labels.outcome)] = v.value;
    const sum = (await metrics.graphqlDuration.get()).values.find(
      (v) => v.labels.service === service && v.metricName?.endsWith('_sum'),
    );
    return { counts, seconds: sum?.value ?? 0 };
  }

  it.each([true, false])(
    'counts a request as answered, once every plugin is done with it (telemetry first: %s)',
    async (telemetryFirst) => {
      const service = `telemetry-test-${String(telemetryFirst)}`;
      const apollo = await serverWithSlowWithholding(service, telemetryFirst);
      try {
        const answer = await answerGraphQL(apollo, helloExchange, async () => ({}));
        expect(answer.body.kind === 'complete' && JSON.parse(answer.body.string)).toEqual({
          data: null,
          errors: [{ message: 'withheld', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
        });
        const { counts, seconds } = await figuresOf(service);
        // The error the answer became, not the data it had; its time includes the other plugin's 150 ms.
        expect(counts).toEqual({ error: 1 });
        // (Node may run a timer up to a millisecond early.)
        expect(seconds).toBeGreaterThanOrEqual(0.149);
      } finally {
        await apollo.stop();
      }
    },
  );

  it('counts a request Apollo ended with an HTTP error (a plugin threw) as an error, though it had data', async () => {
    const service = 'telemetry-test-throwing';
    const throwing: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async willSendResponse() {
            throw new Error('a plugin failed');
          },
        };
      },
    };
    const apollo = new ApolloServer({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'hi' } },
      plugins: [telemetryPlugin(service), throwing],
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await apollo.start();
    try {
      const answer = await answerGraphQL(apollo, helloExchange, async () => ({}));
      expect(answer.status).toBe(500);
      expect((await figuresOf(service)).counts).toEqual({ error: 1 });
    } finally {
      await apollo.stop();
    }
  });

  it('counts a request run without the HTTP bridge (executeOperation) at once', async () => {
    const service = 'telemetry-test-direct';
    const apollo = new ApolloServer({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'hi' } },
      plugins: [telemetryPlugin(service)],
    });
    await apollo.start();
    try {
      await apollo.executeOperation({ query: '{ hello }' });
      expect((await figuresOf(service)).counts).toEqual({ ok: 1 });
    } finally {
      await apollo.stop();
    }
  });
});
