// npm run bench:timeline -- DIR [--scenario PREFIX] [--operation NAME] [--from S] [--to S] [--every S] [--top N]
// Reads the logs `npm run bench -- --logs DIR` wrote (every gateway and subgraph process's) and
// prints where the gateway's requests spent their time: per operation, before the first subgraph
// call and after the last; by how many subgraph calls they made; per subgraph; by when they
// started; then the slowest requests, each with its calls on one time line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { numberFlag, table } from './load';
import {
  byCallCount,
  byInterval,
  callsByService,
  loggedRequests,
  requestTimelines,
  summarizeTimelines,
  timelineText,
  type RequestTimeline,
} from './request-timelines';

const USAGE = `npm run bench:timeline -- DIR [--scenario PREFIX] [--operation NAME] [--from S] [--to S] [--every S] [--top N]
  DIR          the folder of npm run bench -- --logs DIR (its *.log files)
  --scenario   only the log files whose names start so (counter-view, overhead, scan-storm, scale-out)
  --operation  only the gateway's requests of this operation (e.g. CounterView)
  --from, --to only the requests started within these seconds of the first one (e.g. a measured turn)
  --every      the requests by when they started, in intervals of S seconds (default 1)
  --top        how many of the slowest requests to show call by call (default 5)`;

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

function main(argv: string[]): number {
  const dir = argv[0];
  if (!dir || dir.startsWith('--') || argv.includes('--help')) {
    console.error(USAGE);
    return dir ? 0 : 2;
  }
  const scenario = flagValue(argv, 'scenario') ?? '';
  const files = readdirSync(dir).filter((f) => f.endsWith('.log') && f.startsWith(scenario));
  const logged = files.flatMap((f) => loggedRequests(readFileSync(path.join(dir, f), 'utf8')));
  const all = requestTimelines(logged);
  if (!all.length) {
    console.error(
      `no gateway requests in ${files.length} log files of ${dir} (were they written with --logs?)`,
    );
    return 1;
  }
  const first = all[0]!.startMs;
  const operation = flagValue(argv, 'operation');
  const from = argv.includes('--from') ? Number(flagValue(argv, 'from')) : -Infinity;
  const to = argv.includes('--to') ? Number(flagValue(argv, 'to')) : Infinity;
  if (Number.isNaN(from) || Number.isNaN(to)) throw new Error(`--from and --to take seconds\n${USAGE}`);
  const top = numberFlag(argv, 'top', 5);
  const every = numberFlag(argv, 'every', 1);
  const chosen = all.filter(
    (t) =>
      (!operation || t.operation === operation) &&
      (t.startMs - first) / 1000 >= from &&
      (t.startMs - first) / 1000 < to,
  );
  console.log(
    `${all.length} gateway requests in ${files.length} log files of ${dir} (the first at ${new Date(first).toISOString()}); ` +
      `${chosen.length} chosen. Times in ms; a call's start is its log line's time less its duration.\n`,
  );
  const operations = [...new Set(chosen.map((t) => t.operation))].sort();
  const rows = (groups: [string | number, RequestTimeline[]][]) =>
    groups.map(([key, ts]) => {
      const s = summarizeTimelines(ts);
      return [
        key,
        s.requests,
        s.p50,
        s.p99,
        s.beforeFirstCallP50,
        s.beforeFirstCallP99,
        s.afterLastCallP50,
        s.afterLastCallP99,
      ];
    });
  const header = ['requests', 'p50', 'p99', 'before 1st call p50', 'p99', 'after last call p50', 'p99'];
  console.log(
    table(
      ['operation', ...header],
      rows(operations.map((op) => [op, chosen.filter((t) => t.operation === op)])),
    ),
  );
  console.log(`\n${table(['subgraph calls', ...header], rows(byCallCount(chosen)))}`);
  console.log(
    `\n${table(
      ['subgraph', 'calls', 'p50', 'p99'],
      callsByService(chosen).map((s) => [s.service, s.calls, s.p50, s.p99]),
    )}`,
  );
  console.log(
    `\n${table(
      [`started after s (every ${every} s)`, 'requests', 'p50', 'p99', 'max'],
      byInterval(chosen, first, every).map((i) => [i.from, i.requests, i.p50, i.p99, i.max]),
    )}`,
  );
  const slowest = [...chosen].sort((a, b) => b.ms - a.ms).slice(0, top);
  console.log(`\nThe ${slowest.length} slowest, call by call (ms from the request's start):\n`);
  console.log(slowest.map((t) => timelineText(t, first)).join('\n\n'));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 2;
}
