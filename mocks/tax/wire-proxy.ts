import net from 'node:net';
import { FaultController, GARBAGE, sleep } from '../kit/faults';
import { paramsText, readExecuteParams } from './execute-params';
import { COM, errPacket, frame, PacketFramer, readsFrom, type Packet } from './mysql-packets';

export interface Upstream {
  host: string;
  port: number;
}

/** The ERR packets the bureau's database answers with, per fault (codes as MariaDB uses them). */
const REPLIES = {
  error: () =>
    errPacket(
      1030,
      'HY000',
      'Got error 168 "Unknown (generic) error from engine" from storage engine InnoDB',
    ),
  maintenance: (retryAfter: number) =>
    errPacket(1053, '08S01', `Server shutdown in progress (maintenance window, retry after ${retryAfter} s)`),
  rateLimited: () =>
    errPacket(1226, '42000', "User 'gx_reader' has exceeded the 'max_queries_per_hour' resource"),
  // A correctly framed reply whose payload follows no MySQL packet layout (no SQLSTATE, no result set).
  garbage: () => frame(1, GARBAGE),
};

/**
 * A TCP proxy in front of MariaDB that is the bureau database's fault layer: it frames the
 * client's packets, counts every COM_QUERY and COM_STMT_EXECUTE (named after the view it
 * reads, with the number of bound parameters as keys) and applies the controller's faults
 * to them: latency, hang (the packet is swallowed), garbage, errorRate and maintenance as
 * MySQL ERR packets. The handshake and every other command pass through untouched.
 * Every COM_QUERY, COM_STMT_PREPARE and COM_STMT_EXECUTE is also noted as received
 * (`controller.received()`): the SQL text, and for an execute the statement's SQL text and the
 * parameters bound to it, as `COM_STMT_EXECUTE <sql> WITH <JSON array>`.
 */
export function createMysqlFaultProxy(upstream: Upstream, controller: FaultController): net.Server {
  return net.createServer((client) => {
    const server = net.connect(upstream.port, upstream.host);
    const statements = new Map<
      number,
      { op: string; params: number; sql: string; types?: (readonly [number, boolean])[] }
    >();
    let pendingPrepare: string | undefined;
    let chain = Promise.resolve();
    const close = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
    client.setNoDelay(true);
    server.setNoDelay(true);

    // Server -> client passes through; the tap only learns statement ids from COM_STMT_PREPARE replies.
    const tap = new PacketFramer((p) => {
      if (pendingPrepare === undefined || p.seq !== 1) return;
      if (p.payload[0] === 0x00 && p.payload.length >= 9) {
        statements.set(p.payload.readUInt32LE(1), {
          op: readsFrom(pendingPrepare) ?? 'COM_STMT_EXECUTE',
          params: p.payload.readUInt16LE(7),
          sql: pendingPrepare,
        });
      }
      pendingPrepare = undefined;
    }, 16);
    server.on('data', (chunk: Buffer) => {
      if (!client.destroyed) client.write(chunk);
      tap.push(chunk);
    });

    const forward = (p: Packet) => {
      if (!server.destroyed) server.write(p.raw);
    };
    const faulted = async (p: Packet, op: string, keys: number) => {
      controller.count(op, keys);
      const decision = controller.decide();
      if (decision.kind === 'hang') return; // swallowed: the client waits until its own timeout
      await sleep(controller.latency());
      if (client.destroyed) return;
      switch (decision.kind) {
        case 'maintenance':
          return void client.write(REPLIES.maintenance(decision.retryAfter));
        case 'rateLimited':
          return void client.write(REPLIES.rateLimited());
        case 'garbage':
          return void client.write(REPLIES.garbage());
        case 'error':
          return void client.write(REPLIES.error());
        default:
          return forward(p);
      }
    };
    const onPacket = async (p: Packet) => {
      // Commands start a new exchange with sequence id 0; the handshake and auth use 1, 2, 3...
      if (p.seq !== 0 || p.payload.length === 0) return forward(p);
      const command = p.payload[0];
      if (command === COM.QUERY) {
        const sql = p.payload.subarray(1).toString('utf8');
        controller.noteReceived(`COM_QUERY ${sql}`);
        return faulted(p, readsFrom(sql) ?? 'COM_QUERY', 1);
      }
      if (command === COM.STMT_EXECUTE && p.payload.length >= 5) {
        const stmt = statements.get(p.payload.readUInt32LE(1));
        controller.noteReceived(
          `COM_STMT_EXECUTE ${stmt?.sql ?? '(unknown statement)'} WITH ${boundParams(p, stmt)}`,
        );
        return faulted(p, stmt?.op ?? 'COM_STMT_EXECUTE', stmt?.params || 1);
      }
      if (command === COM.STMT_PREPARE) {
        pendingPrepare = p.payload.subarray(1).toString('utf8');
        controller.noteReceived(`COM_STMT_PREPARE ${pendingPrepare}`);
      }
      if (command === COM.STMT_CLOSE && p.payload.length >= 5) statements.delete(p.payload.readUInt32LE(1));
      return forward(p);
    };
    const framer = new PacketFramer((p) => {
      chain = chain.then(() => onPacket(p)).catch(close);
    });
    client.on('data', (chunk: Buffer) => framer.push(chunk));
  });
}

/** The parameters an execute binds, as JSON; remembers the types it bound for the next execute. */
function boundParams(
  p: Packet,
  stmt: { params: number; types?: (readonly [number, boolean])[] } | undefined,
): string {
  if (!stmt) return '(parameters of an unknown statement)';
  try {
    const read = readExecuteParams(p.payload, stmt.params, stmt.types);
    stmt.types = read.types;
    return paramsText(read.params);
  } catch (e) {
    return `(unreadable parameters: ${(e as Error).message})`;
  }
}
