// The scan storm's floor: the least any gateway in front of a verifying subgraph can do per scan,
// run as two processes of their own (the bench's `scan storm` starts them after measuring ours, as
// it starts the gateways: compiled, or under ts-node with `--ts-node`). A relay takes the scanner's request and passes its body on over an undici pool
// (the gateway's own createSubgraphAgent); a verifier reads the code from the body, decrypts and
// verifies it with node:crypto (scan-storm-crypto.ts) and answers. No GraphQL, no token, no signed
// context, no audit, no metrics, no logs: two HTTP hops and the crypto, what a gateway in front of
// a verifying subgraph cannot skip. The scan storm's figures are read against what the pair serves
// under the same load in the same run (a reference on Node's HTTP, not a proof of any limit: its
// rate moves from run to run as ours does).
//
// Run: node dist/test/bench/scan-floor.js verifier          → prints {"url": ...}
//      SCAN_FLOOR_TARGET=<verifier url> node ... relay      → prints {"url": ...}
import type http from 'node:http';
import { createSubgraphAgent } from '../../gateway/data-source';
import { readBody, sendJson } from '../../subgraphs/kit/apollo-http';
import { serveHttp, type ServedHttp } from '../../subgraphs/kit/http-server';
import { onTermination } from '../../subgraphs/kit/main';
import { decryptCode, demoSuishenmaKeys, verifyOpened, type SuishenmaKeys } from './scan-storm-crypto';

/**
 * Whether the code in a scan's body (`{ variables: { code } }`, as the scanners send it) opens
 * and verifies: false for a code that does not (a forged or altered one) or a body without one.
 */
export function scanVerifies(body: Buffer, keys: SuishenmaKeys): boolean {
  let code: unknown;
  try {
    code = (JSON.parse(body.toString('utf8')) as { variables?: { code?: unknown } }).variables?.code;
  } catch {
    return false;
  }
  if (typeof code !== 'string') return false;
  try {
    return verifyOpened(decryptCode(code, keys.verifierKey), keys.signingKey);
  } catch {
    return false;
  }
}

/**
 * The verifier: POST a scan's body, get `{"data":{"verifyDigitalId":{"valid":true}}}`, or a 400
 * with a GraphQL-style error (code INVALID_ARGUMENT) when the code does not verify, so the load
 * tool counts it as an error.
 */
export function startScanVerifier(
  keys: SuishenmaKeys = demoSuishenmaKeys(),
  options: { port?: number } = {},
): Promise<ServedHttp> {
  return serveHttp(
    (req, res) =>
      void readBody(req).then(
        (body) =>
          scanVerifies(body, keys)
            ? sendJson(res, 200, { data: { verifyDigitalId: { valid: true } } })
            : sendJson(res, 400, {
                errors: [{ message: 'the code does not verify', extensions: { code: 'INVALID_ARGUMENT' } }],
              }),
        () => res.destroy(),
      ),
    { port: options.port },
  );
}

/** The relay: passes each request's body to `target` (POST, one keep-alive pool) and its answer back. */
export async function startScanRelay(target: string, options: { port?: number } = {}): Promise<ServedHttp> {
  const agent = createSubgraphAgent();
  const url = new URL(target);
  const relay = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readBody(req);
    const answer = await agent.request({
      origin: url.origin,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await answer.body.text();
    res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    res.end(text);
  };
  const served = await serveHttp(
    (req, res) =>
      void relay(req, res).catch(() => {
        if (!res.headersSent)
          sendJson(res, 502, { errors: [{ message: 'relay failed', extensions: { code: 'BAD_GATEWAY' } }] });
        else res.destroy();
      }),
    { port: options.port },
  );
  return {
    ...served,
    get draining() {
      return served.draining;
    },
    close: async (drainTimeoutMs?: number) => {
      await served.close(drainTimeoutMs);
      await agent.close();
    },
  };
}

async function main(): Promise<void> {
  const role = process.argv[2];
  let served: ServedHttp;
  if (role === 'verifier') served = await startScanVerifier();
  else if (role === 'relay') {
    const target = process.env.SCAN_FLOOR_TARGET;
    if (!target) throw new Error('SCAN_FLOOR_TARGET (the verifier URL) is not set');
    served = await startScanRelay(target);
  } else throw new Error(`usage: scan-floor.js verifier|relay (got ${role ?? 'nothing'})`);
  process.stdout.write(`${JSON.stringify({ url: `http://${served.host}:${served.port}/` })}\n`);
  onTermination(() => served.close(), `scan floor ${role}`);
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
