import net from 'node:net';
import type { WProperty } from '../data/world';
import { FaultController, GARBAGE, sleep } from '../kit/faults';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { decode } from './copybook';
import { ERR, errorReply, parseRequest, queryByCertificates, queryByOwners } from './transactions';

/** Longest request record the registry reads (QCRT with 20 keys is 806 bytes); beyond that the line is junk. */
const MAX_REQUEST_BYTES = 1_024;

/**
 * The Real Estate Registration mainframe: fixed-width GB18030 records over a CRLF line
 * protocol on raw TCP. Connections stay open for many exchanges; each connection is one
 * conversation, served one request at a time in the order received.
 */
export async function startHousingMock(options: MockStartOptions): Promise<MockHandle> {
  const controller = new FaultController(options.baseLatencyMs ?? 40);
  const byCertNo = new Map<string, WProperty>(
    options.world.world.properties.map((p) => [p.certificateNo, p]),
  );

  const answer = async (line: Buffer): Promise<Buffer | 'hang'> => {
    controller.noteReceived(decode(line));
    const req = parseRequest(line);
    controller.count(req.tran, req.ok ? req.keys.length : req.keyCount);
    const decision = controller.decide();
    if (decision.kind === 'hang') return 'hang';
    await sleep(controller.latency());
    switch (decision.kind) {
      case 'maintenance':
        return errorReply(ERR.MAINTENANCE, decision.retryAfter);
      case 'rateLimited':
        return errorReply(ERR.THROTTLED, decision.retryAfter);
      case 'garbage':
        return GARBAGE;
      case 'error':
        return errorReply(ERR.ABEND);
    }
    if (!req.ok) return errorReply(req.err);
    return req.tran === 'QOWN'
      ? queryByOwners(options.world, req.keys)
      : queryByCertificates(byCertNo, req.keys);
  };

  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let queue = Promise.resolve();
    let hung = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      let i: number;
      while ((i = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.subarray(0, i);
        buffered = buffered.subarray(i + 2);
        queue = queue.then(async () => {
          if (hung || socket.destroyed) return;
          const out = await answer(line).catch((e) => {
            console.error('housing mock: transaction failed:', e);
            return errorReply(ERR.ABEND);
          });
          if (out === 'hang')
            hung = true; // this conversation never answers again, as a stuck CICS task would
          else if (!socket.destroyed) socket.write(out);
        });
      }
      if (buffered.length > MAX_REQUEST_BYTES) {
        controller.noteReceived(decode(buffered));
        socket.end(errorReply(ERR.MALFORMED));
        buffered = Buffer.alloc(0);
      }
    });
  });

  return startMock('housing', 'tcp', server, controller, options);
}
