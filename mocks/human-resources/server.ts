import iconv from 'iconv-lite';
import { FaultController } from '../kit/faults';
import { createHttpMockServer, type HttpMockReply, type HttpMockRequest } from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import type { WorldIndex } from '../data/world';
import { csvLine } from './csv';
import { parseMaintenanceWindow, secondsUntilWindowEnds, type MaintenanceWindow } from './maintenance-window';
import { CSV_TYPE, QUERY_PATH, ssQueryProtocol, textReply } from './protocol';
import { rowFor, SS_COLUMNS } from './records';
import { readIdList } from './request';

export interface HumanResourcesMockOptions extends MockStartOptions {
  /**
   * Nightly maintenance window, Asia/Shanghai wall-clock `HH:mm-HH:mm`, or null for none.
   * Inside it every query is answered 503 with Retry-After = seconds until it ends.
   * @default '01:00-05:00'
   */
  maintenanceWindow?: string | null;
  /** The clock the maintenance window is judged by; tests fix it. @default () => new Date() */
  clock?: () => Date;
}

/** Realistic base latency of the bulk query: the real system takes a fifth of a second even for one id. */
export const HUMAN_RESOURCES_BASE_LATENCY_MS = 200; // ms

/** Answers one request of the bulk CSV protocol (the fault layer has already had its say). */
export function handleSsQuery(
  world: WorldIndex,
  window: MaintenanceWindow | null,
  clock: () => Date,
  req: HttpMockRequest,
): HttpMockReply {
  if (req.path !== QUERY_PATH) return textReply(404, `无此服务：${req.path}`);
  if (req.method !== 'POST') return textReply(405, '仅支持POST', { allow: 'POST' });
  const wait = window ? secondsUntilWindowEnds(window, clock()) : undefined;
  if (wait !== undefined)
    return textReply(503, '系统维护中（每日01:00-05:00），暂停服务', { 'retry-after': String(wait) });
  const list = readIdList(req.body);
  if (!list.ok) return textReply(list.status, list.message);
  let csv = csvLine(SS_COLUMNS);
  const seen = new Set<string>();
  for (const id of list.ids) {
    const e = world.employmentByPerson.get(id);
    if (!e || seen.has(id)) continue;
    seen.add(id);
    csv += csvLine(rowFor(world, e));
  }
  // iconv-lite, like the real GBK export, writes '?' for characters GBK cannot hold (e.g. 𠮷).
  return { status: 200, headers: { 'content-type': CSV_TYPE }, body: iconv.encode(csv, 'gbk') };
}

/**
 * Starts the Human Resources and Social Security mock: `POST /bulk/ss-query` with up to 500
 * identity numbers, a GBK CSV back; 503 in the nightly maintenance window.
 */
export async function startHumanResourcesMock(options: HumanResourcesMockOptions): Promise<MockHandle> {
  const window =
    options.maintenanceWindow === null
      ? null
      : parseMaintenanceWindow(options.maintenanceWindow ?? '01:00-05:00');
  const clock = options.clock ?? (() => new Date());
  const controller = new FaultController(options.baseLatencyMs ?? HUMAN_RESOURCES_BASE_LATENCY_MS);
  const server = createHttpMockServer(controller, ssQueryProtocol, (req) =>
    handleSsQuery(options.world, window, clock, req),
  );
  return startMock('human-resources', 'http', server, controller, options);
}
