import defaultOwners from '../channel-owners.json';

/** Who owns each channel app or client (registry/channel-owners.json), `default` for any other client. */
export type Owners = Record<string, string>;

/** registry/channel-owners.json, the owners a refusal names unless SchemaRegistry is given others. */
export const DEFAULT_OWNERS: Owners = defaultOwners;

/** The team to talk to about `client`'s operations: its entry, else `default`, else "unknown owner". */
export function ownerOf(client: string, owners: Owners): string {
  return (Object.hasOwn(owners, client) ? owners[client] : undefined) ?? owners.default ?? 'unknown owner';
}
