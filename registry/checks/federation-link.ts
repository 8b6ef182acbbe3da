import { Kind, type ConstValueNode, type DocumentNode } from 'graphql';

/** The federation 2 spec URLs a subgraph links (`…/federation/v2.0` to `…/federation/v2.99`). */
const FEDERATION_V2 = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/;

/** What our subgraphs start with (subgraphs/*\/schema.graphql), shown when a schema lacks it. */
const EXAMPLE = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

/**
 * Whether `document` is a federation 2 subgraph schema: a `schema` definition or extension carries
 * `@link(url: "https://specs.apollo.dev/federation/v2.x")`. Without it composition would read the
 * schema as federation 1, where every type is implicitly shared, and ownership means nothing.
 */
export function federationLink(document: DocumentNode): { ok: true } | { ok: false; message: string } {
  const urls: string[] = [];
  for (const d of document.definitions) {
    if (d.kind !== Kind.SCHEMA_DEFINITION && d.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of d.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = directive.arguments?.find((a) => a.name.value === 'url')?.value;
      if (url) urls.push(stringValue(url));
    }
  }
  if (urls.some((u) => FEDERATION_V2.test(u))) return { ok: true };
  return {
    ok: false,
    message: `not a federation 2 subgraph schema: it must link federation v2 (${EXAMPLE})`,
  };
}

function stringValue(v: ConstValueNode): string {
  return v.kind === Kind.STRING ? v.value : '';
}
