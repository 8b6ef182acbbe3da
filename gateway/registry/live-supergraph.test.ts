import type { SupergraphSdlHook } from '@apollo/gateway';
import { composeSupergraph } from '../compose';
import { LiveSupergraph, type ServedSupergraph } from './live-supergraph';
import { sdlHash, type SupergraphSource, type SupergraphState } from './supergraph-source';

const subgraph = (field: string) => /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  "The root."
  type Query {
    "A greeting."
    ${field}: String
  }
`;
const V1 = composeSupergraph([{ name: 'health', url: 'http://health:4003/graphql', sdl: subgraph('hello') }]);
const V2 = composeSupergraph([
  { name: 'health', url: 'http://health:4003/graphql', sdl: subgraph('hello') },
  { name: 'tax', url: 'http://tax:4005/graphql', sdl: subgraph('taxes') },
]);

/** A source the test drives by hand. */
function handSource(first: SupergraphState) {
  let push: ((s: SupergraphState) => void) | undefined;
  const source: SupergraphSource = {
    kind: 'registry',
    load: async () => first,
    watch: (onChange) => {
      push = onChange;
      return () => (push = undefined);
    },
  };
  return { source, push: (s: SupergraphState) => push?.(s), watching: () => push !== undefined };
}

describe('LiveSupergraph', () => {
  it('follows the source through the gateway’s update: served state, URL overrides, listeners', async () => {
    const hand = handSource({ version: 1, sdl: V1 });
    const live = await LiveSupergraph.load(hand.source, { tax: 'http://127.0.0.1:9/graphql' });
    expect(live.current).toEqual({
      version: 1,
      sdlHash: sdlHash(V1),
      subgraphs: [{ name: 'health', url: 'http://health:4003/graphql' }],
    });
    const updates: string[] = [];
    const heard: ServedSupergraph[] = [];
    live.onUpdate((s) => heard.push(s));
    const started = await live.hook({
      update: (sdl: string) => updates.push(sdl),
    } as unknown as Parameters<SupergraphSdlHook>[0]);
    expect(started.supergraphSdl).toBe(V1);
    hand.push({ version: 2, sdl: V2 });
    const v2 = {
      version: 2,
      sdlHash: sdlHash(V2),
      subgraphs: [
        { name: 'health', url: 'http://health:4003/graphql' },
        { name: 'tax', url: 'http://127.0.0.1:9/graphql' },
      ],
    };
    expect([updates, live.current, heard]).toEqual([[V2], v2, [v2]]);
    await started.cleanup!();
    expect(hand.watching()).toBe(false);
  });

  it('keeps what it serves, and tells no listener, when the gateway refuses an update', async () => {
    const hand = handSource({ version: 1, sdl: V1 });
    const live = await LiveSupergraph.load(hand.source);
    const heard: ServedSupergraph[] = [];
    live.onUpdate((s) => heard.push(s));
    await live.hook({
      update: () => {
        throw new Error("Can't call `update` callback while gateway is stopping.");
      },
    } as unknown as Parameters<SupergraphSdlHook>[0]);
    hand.push({ version: 2, sdl: V2 });
    expect([live.current.version, live.current.sdlHash, heard]).toEqual([1, sdlHash(V1), []]);
  });
});
