import type { ScenarioResult } from './scenario';

/** Layout of the chart, in px. */
const WIDTH = 980;
const LABEL_WIDTH = 330;
const BAR_AREA = 520;
const BAR_HEIGHT = 9;
const ROW_GAP = 8;
const PANEL_TOP = 62;
const COLOURS = { rps: '#4c78a8', p50: '#72b7b2', p99: '#e45756' };

/** Text safe inside SVG markup. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

const fmt = (n: number) => (Number.isFinite(n) ? (Number.isInteger(n) ? String(n) : n.toFixed(1)) : '-');

interface Series {
  key: keyof typeof COLOURS;
  label: string;
  value: (row: ScenarioResult['rows'][number]) => number;
}

/**
 * One panel of horizontal bars: a row per scenario variant, a bar per series, each scaled to
 * the largest value of the panel, its figure written after it.
 */
function panel(
  results: ScenarioResult[],
  title: string,
  series: Series[],
  top: number,
): { svg: string; height: number } {
  const rows = results.flatMap((r) =>
    r.rows.map((row) => ({ label: `${r.scenario} · ${row.variant}`, row })),
  );
  const max = Math.max(
    1,
    ...rows.flatMap(({ row }) => series.map((s) => s.value(row)).filter(Number.isFinite)),
  );
  const rowHeight = series.length * BAR_HEIGHT + ROW_GAP;
  const parts: string[] = [`<text x="8" y="${top}" class="title">${escapeXml(title)}</text>`];
  series.forEach((s, i) => {
    const x = LABEL_WIDTH + i * 120;
    parts.push(
      `<rect x="${x}" y="${top - 9}" width="10" height="10" fill="${COLOURS[s.key]}"/>`,
      `<text x="${x + 14}" y="${top}">${escapeXml(s.label)}</text>`,
    );
  });
  rows.forEach(({ label, row }, r) => {
    const y = top + 14 + r * rowHeight;
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + (series.length * BAR_HEIGHT) / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`,
    );
    series.forEach((s, i) => {
      const v = s.value(row);
      const w = Number.isFinite(v) ? Math.max(1, (v / max) * BAR_AREA) : 0;
      const by = y + i * BAR_HEIGHT;
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${by}" width="${w.toFixed(1)}" height="${BAR_HEIGHT - 1}" fill="${COLOURS[s.key]}"/>`,
        `<text x="${LABEL_WIDTH + w + 4}" y="${by + BAR_HEIGHT - 1}" class="value">${fmt(v)}</text>`,
      );
    });
  });
  const height = 14 + rows.length * rowHeight + 10;
  parts.push(
    `<line x1="${LABEL_WIDTH}" y1="${top + 10}" x2="${LABEL_WIDTH}" y2="${top + height - 6}" class="axis"/>`,
  );
  return { svg: parts.join('\n'), height };
}

/**
 * The results as a hand-written SVG chart (no dependency): requests per second of every
 * scenario variant, then its p50 and p99 latency, as horizontal bars.
 */
export function resultsChart(results: ScenarioResult[], subtitle: string): string {
  const withRows = results.filter((r) => r.rows.length > 0);
  const rps = panel(
    withRows,
    'Requests per second (higher is better)',
    [{ key: 'rps', label: 'RPS', value: (row) => row.rps }],
    PANEL_TOP,
  );
  const latency = panel(
    withRows,
    'Latency in ms (lower is better)',
    [
      { key: 'p50', label: 'p50', value: (row) => row.p50Ms },
      { key: 'p99', label: 'p99', value: (row) => row.p99Ms },
    ],
    PANEL_TOP + rps.height + 30,
  );
  const height = PANEL_TOP + rps.height + 30 + latency.height + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    '<style>.title{font-weight:bold;font-size:14px}.value{font-size:11px;fill:#333}.axis{stroke:#999}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="8" y="18" class="title">npm run bench</text>`,
    `<text x="8" y="36" class="value">${escapeXml(subtitle)}</text>`,
    rps.svg,
    latency.svg,
    '</svg>',
    '',
  ].join('\n');
}
