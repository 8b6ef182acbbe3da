import { parse, print, type DocumentNode } from 'graphql';

/** One registered operation of a channel's persisted query manifest (gateway/persisted-operations/<channel>.json). */
export interface RegisteredOperation {
  /** sha256 of `body`: what the gateway runs in safelist mode. */
  id: string;
  name: string;
  body: string;
}

/**
 * The registered id of each operation, by its printed text. A manifest's body may be laid out
 * differently from graphql's `print` (the counter console's CounterView was registered from an
 * indented template literal), so operations are matched by their printed form, and the manifest's
 * own id is the one sent: the gateway knows that id, not the sha256 of our printed text.
 */
export function persistedIds(operations: readonly RegisteredOperation[]): ReadonlyMap<string, string> {
  return new Map(operations.map((o) => [print(parse(o.body)), o.id]));
}

/** The id `ids` registers for `document`, if any. */
export function persistedIdOf(ids: ReadonlyMap<string, string>, document: DocumentNode): string | undefined {
  return ids.get(print(document));
}
