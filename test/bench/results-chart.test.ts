import { XMLValidator } from 'fast-xml-parser';
import { escapeXml, resultsChart } from './results-chart';
import type { ScenarioResult } from './scenario';

const row = (variant: string, rps: number, p50Ms: number, p99Ms: number) => ({
  variant,
  connections: 20,
  durationSec: 15,
  requests: 100,
  errors: 0,
  rps,
  p50Ms,
  p95Ms: p99Ms,
  p99Ms,
});

const results: ScenarioResult[] = [
  { scenario: 'counter view', rows: [row('first <cold> & "new"', 40, 200, 400)], goals: [], notes: [] },
  {
    scenario: 'gateway overhead',
    rows: [row('ours', 120, 10, 20), row('plain', NaN, 30, 60)],
    goals: [],
    notes: [],
  },
  { scenario: 'scan storm', rows: [], goals: [], notes: ['failed'] },
];

describe('the results chart', () => {
  it('escapes what SVG markup cannot hold', () => {
    expect(escapeXml(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
  });

  it('is well-formed SVG with one RPS bar and two latency bars per variant, figures written out', () => {
    const svg = resultsChart(results, 'a subtitle & more');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('counter view · first &lt;cold&gt; &amp; &quot;new&quot;');
    expect(svg).toContain('a subtitle &amp; more');
    expect(svg).not.toContain('scan storm');
    // 3 variants: 3 RPS bars + 6 latency bars + 3 legend squares + the background.
    expect(svg.match(/<rect /g)).toHaveLength(13);
    // The largest value of a panel fills the bar area; a missing figure draws no bar and reads "-".
    expect(svg).toContain('width="520.0" height="8" fill="#4c78a8"');
    expect(svg).toContain('width="0.0" height="8" fill="#4c78a8"/>\n<text x="334" y="');
    expect(svg).toMatch(/class="value">-<\/text>/);
    expect(svg).toContain('class="value">400</text>');
  });
});
