import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairJwk } from '../keys/key-store';
import { DEMO_AUDIENCE, DEMO_ISSUER, type AuthConfig } from './auth-config';
import { createAuthenticator } from './authenticate';
import { mintToken } from './mint';

/** An identity provider's JWKS endpoint on 127.0.0.1, port 0: `status` and `body` say what it answers. */
let server: Server;
let reply: { status: number; body: string };
let requests = 0;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const config = (jwksUrl: string): AuthConfig => ({
  issuer: DEMO_ISSUER,
  audience: DEMO_AUDIENCE,
  algorithms: ['EdDSA'],
  jwksUrl,
  clockToleranceSec: 30,
});

describe('createAuthenticator with a JWKS URL', () => {
  it('verifies tokens against the fetched key set and fetches it once for many tokens', async () => {
    const key = await generateKeyPairJwk('idp-2025-01');
    reply = { status: 200, body: JSON.stringify({ keys: [key.publicJwk] }) };
    requests = 0;
    const auth = createAuthenticator(config(`${base}/jwks-a`));
    for (let i = 0; i < 3; i++) {
      const token = await mintToken(
        { role: 'auditor', sub: `auditor-0${i}` },
        { privateJwk: key.privateJwk },
      );
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: `auditor-0${i}` });
    }
    expect(requests).toBe(1);
    expect(await auth.kids()).toEqual([]);
    expect(auth.usesDemoKeys()).toBe(false);
  });

  it('answers AUTH_UNAVAILABLE, not a token error, when the key set cannot be fetched', async () => {
    const key = await generateKeyPairJwk('idp-2025-01');
    reply = { status: 500, body: 'down' };
    const auth = createAuthenticator(config(`${base}/jwks-b`));
    const token = await mintToken({ role: 'auditor', sub: 'auditor-01' }, { privateJwk: key.privateJwk });
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      code: 'AUTH_UNAVAILABLE',
      message: "the identity provider's keys could not be fetched",
    });
  });
});
