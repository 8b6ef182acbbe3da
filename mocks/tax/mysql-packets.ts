/**
 * Just enough of the MySQL client/server protocol for a fault proxy: packet framing
 * (3-byte little-endian payload length, 1-byte sequence id) and the ERR packet.
 */

/** Command bytes (first payload byte of a client packet with sequence id 0). */
export const COM = { QUERY: 0x03, STMT_PREPARE: 0x16, STMT_EXECUTE: 0x17, STMT_CLOSE: 0x19 } as const;

export interface Packet {
  seq: number;
  /** The payload, or only its first bytes when the framer was told to keep fewer. */
  payload: Buffer;
  /** Header and payload as received (only when the whole payload is kept). */
  raw: Buffer;
}

/**
 * Splits a byte stream into packets, across chunk boundaries. `keepBytes` bounds how much
 * payload is kept per packet, so tapping a large result set costs no copies.
 */
export class PacketFramer {
  private readonly header = Buffer.alloc(4);
  private headerFill = 0;
  private remaining = 0;
  private parts: Buffer[] = [];
  private kept = 0;

  constructor(
    private readonly onPacket: (p: Packet) => void,
    private readonly keepBytes = Number.POSITIVE_INFINITY,
  ) {}

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.headerFill < 4) {
        const n = Math.min(4 - this.headerFill, chunk.length - off);
        chunk.copy(this.header, this.headerFill, off, off + n);
        this.headerFill += n;
        off += n;
        if (this.headerFill < 4) return;
        this.remaining = this.header.readUIntLE(0, 3);
        this.parts = [];
        this.kept = 0;
        if (this.remaining === 0) this.emit();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - off);
      if (this.kept < this.keepBytes) {
        const slice = chunk.subarray(off, off + Math.min(take, this.keepBytes - this.kept));
        this.parts.push(slice);
        this.kept += slice.length;
      }
      this.remaining -= take;
      off += take;
      if (this.remaining === 0) this.emit();
    }
  }

  private emit(): void {
    const payload = Buffer.concat(this.parts);
    const header = Buffer.from(this.header);
    this.headerFill = 0;
    this.parts = [];
    this.onPacket({ seq: header[3]!, payload, raw: Buffer.concat([header, payload]) });
  }
}

/** One framed packet. */
export function frame(seq: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = seq & 0xff;
  return Buffer.concat([header, payload]);
}

/** An ERR packet as the server sends it in reply to a command (sequence id 1). */
export function errPacket(errno: number, sqlState: string, message: string): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(errno, 1);
  return frame(1, Buffer.concat([head, Buffer.from(`#${sqlState}`, 'latin1'), Buffer.from(message, 'utf8')]));
}

/** The first table or view a statement reads, e.g. `V_GX_NSRZT`; names the operation in the counters. */
export function readsFrom(sql: string): string | undefined {
  return /\bFROM\s+`?([A-Za-z_][\w]*)`?/i.exec(sql)?.[1]?.toUpperCase();
}
