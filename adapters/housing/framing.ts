import { LONGEST_RECORD, RECORD_TYPE_WIDTH, RECORDS } from './copybook';
import { badReply } from './errors';

const TYPES = new Set(Object.keys(RECORDS));

/**
 * Where a registry reply ends in the bytes received so far: after the CRLF of its `END`
 * trailer; `undefined` while more is needed. Fails as soon as a record starts with an
 * unknown type or runs longer than any record can, so garbage is noticed at once instead
 * of waiting for a trailer that will never come. CR and LF never occur inside a GB18030
 * multi-byte character, so splitting on them is safe.
 */
export function frameReply(received: Buffer): number | undefined {
  let start = 0;
  for (;;) {
    const available = Math.min(received.length - start, RECORD_TYPE_WIDTH);
    const type = received.subarray(start, start + available).toString('latin1');
    if (![...TYPES].some((t) => t.startsWith(type))) throw badReply(`unknown record type at byte ${start}`);
    const end = received.indexOf('\r\n', start);
    if (end < 0) {
      if (received.length - start > LONGEST_RECORD)
        throw badReply(`record at byte ${start} has no CRLF within ${LONGEST_RECORD} bytes`);
      return undefined;
    }
    if (type === 'END') return end + 2;
    start = end + 2;
  }
}
