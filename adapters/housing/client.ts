import iconv from 'iconv-lite';
import type { TcpPool } from '../kit/tcp-pool';
import { MAX_KEYS_PER_REQUEST, REQUEST } from './copybook';
import type { OwnerKey } from './model';
import { parseReply, type LegacyReply } from './records';

/** The register's owner key: `P`/`C` then the id, as echoed in `NFD` records. */
export function ownerTag(key: OwnerKey): string {
  return `${key.type === 'PERSON' ? 'P' : 'C'}${key.id}`;
}

function field(bytes: Buffer, width: number): Buffer {
  if (bytes.length > width) throw new RangeError(`${bytes.length} bytes do not fit a ${width}-byte field`);
  return Buffer.concat([bytes, Buffer.alloc(width - bytes.length, 0x20)]);
}

function request(tran: 'QOWN' | 'QCRT', keys: Buffer[]): Buffer {
  if (keys.length < 1 || keys.length > MAX_KEYS_PER_REQUEST)
    throw new RangeError(`a ${tran} request carries 1 to ${MAX_KEYS_PER_REQUEST} keys: ${keys.length}`);
  const count = String(keys.length).padStart(REQUEST.countWidth, '0');
  return Buffer.concat([Buffer.from(tran + count, 'latin1'), ...keys, Buffer.from('\r\n', 'latin1')]);
}

/** The registry's transactions over the TCP pool; keys must already be validated and fit their fields. */
export class HousingClient {
  constructor(private readonly pool: TcpPool) {}

  /** QOWN: properties of up to 20 owners in one exchange. */
  async queryByOwners(keys: readonly OwnerKey[], signal?: AbortSignal): Promise<LegacyReply> {
    const encoded = keys.map((k) =>
      field(Buffer.from(ownerTag(k), 'latin1'), REQUEST.ownerTypeWidth + REQUEST.ownerIdWidth),
    );
    return parseReply(await this.pool.request(request('QOWN', encoded), signal));
  }

  /** QCRT: properties by real estate certificate number, up to 20 in one exchange. */
  async queryByCertificates(numbers: readonly string[], signal?: AbortSignal): Promise<LegacyReply> {
    const encoded = numbers.map((n) => field(iconv.encode(n, 'gb18030'), REQUEST.certNoWidth));
    return parseReply(await this.pool.request(request('QCRT', encoded), signal));
  }

  /** Says whether the registry accepts connections (no transaction is run). */
  probe(): Promise<void> {
    return this.pool.probe();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
