import path from 'node:path';
import { gatewayConfig } from './config';

describe('gatewayConfig', () => {
  const root = '/srv/owdl';

  it('defaults to the committed supergraph on port 4000', () => {
    expect(gatewayConfig([], {}, root)).toEqual({
      supergraphSource: 'file',
      supergraphFile: path.join(root, 'gateway', 'supergraph.graphql'),
      registryPollMs: 1_000,
      usageFlushMs: 10_000,
      port: 4000,
      host: '127.0.0.1',
      subgraphUrls: {},
      explorer: true,
      keyLookupSpeculation: true,
      subgraphBatches: true,
      referenceCacheTtlMs: 60_000,
      requestTimeoutMs: 5_000,
      subgraphTimeoutsMs: {},
    });
  });

  it('turns key-lookup speculation off with GATEWAY_KEY_LOOKUP_SPECULATION=0 only', () => {
    expect(gatewayConfig([], { GATEWAY_KEY_LOOKUP_SPECULATION: '0' }, root).keyLookupSpeculation).toBe(false);
    expect(gatewayConfig([], { GATEWAY_KEY_LOOKUP_SPECULATION: '1' }, root).keyLookupSpeculation).toBe(true);
  });

  it('sends every subgraph call on its own with GATEWAY_SUBGRAPH_BATCHES=0 only', () => {
    expect(gatewayConfig([], { GATEWAY_SUBGRAPH_BATCHES: '0' }, root).subgraphBatches).toBe(false);
    expect(gatewayConfig([], { GATEWAY_SUBGRAPH_BATCHES: '1' }, root).subgraphBatches).toBe(true);
  });

  it('reuses answers about reference entities for GATEWAY_REFERENCE_CACHE_TTL_MS, 0 turning it off', () => {
    expect(gatewayConfig([], { GATEWAY_REFERENCE_CACHE_TTL_MS: '0' }, root).referenceCacheTtlMs).toBe(0);
    expect(gatewayConfig([], { GATEWAY_REFERENCE_CACHE_TTL_MS: '5000' }, root).referenceCacheTtlMs).toBe(
      5_000,
    );
    expect(() => gatewayConfig([], { GATEWAY_REFERENCE_CACHE_TTL_MS: '-1' }, root)).toThrow(
      /GATEWAY_REFERENCE_CACHE_TTL_MS/,
    );
  });

  it('takes --supergraph and --port in both spellings, over the environment', () => {
    const c = gatewayConfig(['--supergraph', 'x.graphql', '--port=4100'], { GATEWAY_PORT: '9' }, root);
    expect(c.supergraphFile).toBe(path.resolve('x.graphql'));
    expect(c.port).toBe(4100);
  });

  it('reads per-subgraph timeouts by department name, refusing a bad one by its variable', () => {
    expect(
      gatewayConfig([], { HUMAN_RESOURCES_SUBGRAPH_TIMEOUT_MS: '3000' }, root).subgraphTimeoutsMs,
    ).toEqual({
      'human-resources': 3000,
    });
    expect(() => gatewayConfig([], { TAX_SUBGRAPH_TIMEOUT_MS: 'soon' }, root)).toThrow(
      'TAX_SUBGRAPH_TIMEOUT_MS must be a whole number from 1 to 600000: soon',
    );
  });

  it('serves from the schema registry with GATEWAY_SUPERGRAPH_SOURCE=registry, at the poll and flush intervals given', () => {
    const c = gatewayConfig(
      [],
      { GATEWAY_SUPERGRAPH_SOURCE: 'registry', REGISTRY_POLL_MS: '250', REGISTRY_USAGE_FLUSH_MS: '5000' },
      root,
    );
    expect([c.supergraphSource, c.registryPollMs, c.usageFlushMs]).toEqual(['registry', 250, 5_000]);
    expect(() => gatewayConfig([], { GATEWAY_SUPERGRAPH_SOURCE: 'uplink' }, root)).toThrow(
      'GATEWAY_SUPERGRAPH_SOURCE must be file or registry: uplink',
    );
    expect(() => gatewayConfig([], { REGISTRY_POLL_MS: '0' }, root)).toThrow(
      'REGISTRY_POLL_MS must be a whole number from 10 to 3600000: 0',
    );
    expect(() => gatewayConfig([], { REGISTRY_USAGE_FLUSH_MS: 'often' }, root)).toThrow(
      'REGISTRY_USAGE_FLUSH_MS must be a whole number from 100 to 3600000: often',
    );
  });

  it('reads subgraph URL overrides by department name', () => {
    const c = gatewayConfig([], { PUBLIC_SECURITY_SUBGRAPH_URL: 'http://ps:4001/graphql' }, root);
    expect(c.subgraphUrls).toEqual({ 'public-security': 'http://ps:4001/graphql' });
  });

  it('stops start-up naming the flag or variable that is wrong', () => {
    expect(() => gatewayConfig(['--port', 'eighty'], {}, root)).toThrow(
      '--port must be a port number from 0 to 65535: eighty',
    );
    expect(() => gatewayConfig([], { GATEWAY_PORT: '70000' }, root)).toThrow(
      'GATEWAY_PORT must be a port number',
    );
    expect(() => gatewayConfig([], { HEALTH_SUBGRAPH_URL: 'nope' }, root)).toThrow(
      'HEALTH_SUBGRAPH_URL must be an absolute URL: nope',
    );
    expect(() => gatewayConfig(['--verbose'], {}, root)).toThrow('unknown argument --verbose');
    expect(() => gatewayConfig([], { GATEWAY_REQUEST_TIMEOUT_MS: '0' }, root)).toThrow(
      'GATEWAY_REQUEST_TIMEOUT_MS must be a whole number from 1 to 600000: 0',
    );
  });
});
