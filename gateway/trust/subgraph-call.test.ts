import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { DataLayerError } from '../../adapters/kit/errors';
import { DEADLINE_HEADER } from '../../subgraphs/kit/context';
import { CONTEXT_HEADER } from '../../trust/context/signed-context';
import type { TrustContext } from '../../trust/context/trust-context';
import { subgraphCaller } from './subgraph-call';

/** Keeps the event loop busy for `ms`, as a long synchronous stretch (a big parse, a GC) does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* spin */
  }
}

const TRUST: TrustContext = {
  actor: { id: 'officer-0042', role: 'OFFICER', department: 'service-center', scopes: [], issuer: 'idp' },
  channel: 'counter',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  subjects: { persons: ['310107199003070017'], companies: [] },
};
const QUERY = 'query($id: ID!) { person(id: $id) { id } }';
const ANSWER = { data: { person: { id: '310107199003070017' } } };

/** How the test server answers the next request. */
let behaviour: (req: http.IncomingMessage, res: http.ServerResponse) => void;
const seenHeaders: http.IncomingHttpHeaders[] = [];
let server: http.Server;
let agent: Agent;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenHeaders.push(req.headers);
    req.resume();
    req.on('end', () => behaviour(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  agent = new Agent();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await agent.close();
});

const reply = (res: http.ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const call = (timeoutMs: number) =>
  subgraphCaller({ 'public-security': url }, agent, async () => 'signed-context', timeoutMs)(
    'public-security',
    QUERY,
    { id: '310107199003070017' },
    TRUST,
  );
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: DataLayerError) => ({ code: e.code, department: e.department, message: e.message }),
  );

describe("the gateway's own look-ups", () => {
  it('are signed and carry how long the department has', async () => {
    behaviour = (_req, res) => reply(res, ANSWER);
    seenHeaders.length = 0;
    expect(await call(1_500)).toEqual(ANSWER.data);
    expect(seenHeaders[0]![CONTEXT_HEADER]).toBe('signed-context');
    expect(seenHeaders[0]![DEADLINE_HEADER]).toBe('1500');
  });

  it('fail as the department that did not answer in time (DEPARTMENT_UNAVAILABLE)', async () => {
    const tooLate = {
      code: 'DEPARTMENT_UNAVAILABLE',
      department: 'public-security',
      message: 'department public-security did not answer the access check',
    };
    behaviour = () => undefined; // takes the request, never answers
    expect(await failure(call(100))).toEqual(tooLate);
    // An answer 1 s on is too late for a 100 ms look-up (undici's own timeouts run on a
    // half-second tick and would have taken it).
    behaviour = (_req, res) => setTimeout(() => reply(res, ANSWER), 1_000).unref();
    expect(await failure(call(100))).toEqual(tooLate);
  });

  it('take an answer that arrived in time over a timer that only ran late', async () => {
    // The answer is written at once, then the event loop stays busy past the 300 ms timeout (which
    // leaves the request time to arrive on a busy machine): the answer is already in the
    // caller's socket when its timer comes due.
    behaviour = (_req, res) => {
      reply(res, ANSWER);
      busy(400);
    };
    expect(await call(300)).toEqual(ANSWER.data);
  });

  it("pass the audit trail's outage on as AUDIT_UNAVAILABLE, any other refusal as the department's", async () => {
    behaviour = (_req, res) =>
      reply(res, {
        data: null,
        errors: [{ message: 'no trail', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
      });
    expect(await failure(call(1_000))).toEqual({
      code: 'AUDIT_UNAVAILABLE',
      department: undefined,
      message: 'the audit trail is unavailable',
    });
    behaviour = (_req, res) =>
      reply(res, { data: { person: null }, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] });
    expect(await failure(call(1_000))).toEqual({
      code: 'DEPARTMENT_UNAVAILABLE',
      department: 'public-security',
      message: 'department public-security could not answer the access check',
    });
  });

  it('refuse a subgraph the gateway does not know (INTERNAL)', async () => {
    const unknown = subgraphCaller({}, agent, async () => 'signed-context')('nowhere', QUERY, {}, TRUST);
    expect(await failure(unknown)).toEqual({
      code: 'INTERNAL',
      department: undefined,
      message: 'no subgraph nowhere to ask',
    });
  });
});
