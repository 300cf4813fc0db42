import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, LineChart, chartModel, type ChartPoint } from './trendChart.js';

const pts = (...values: (number | null)[]): ChartPoint[] => values.map((value, i) => ({ label: `2026-${String(i + 1).padStart(2, '0')}`, value }));
const moves = (path: string | null) => (path ?? '').split('M').length - 1;
const { height, margin } = DEFAULT_SIZE;

describe('chartModel', () => {
  it.each([
    { name: 'no months', points: pts(), path: false, segments: 0, dots: 0 },
    { name: 'every month withheld', points: pts(null, null, null), path: false, segments: 0, dots: 0 },
    { name: 'one month', points: pts(0.5), path: true, segments: 1, dots: 1 },
    { name: 'a steady line', points: pts(0.8, 0.9, 0.85, 0.7), path: true, segments: 1, dots: 4 },
    { name: 'a withheld month in the middle leaves a gap', points: pts(0.8, null, 0.85, 0.9), path: true, segments: 2, dots: 3 },
    { name: 'withheld at both ends', points: pts(null, 0.4, 0.6, null), path: true, segments: 1, dots: 2 },
  ])('$name', ({ points, path, segments, dots }) => {
    const m = chartModel(points, { yMax: 1 });
    expect(m.path !== null).toBe(path);
    expect(moves(m.path)).toBe(segments);
    expect(m.dots).toHaveLength(dots);
  });

  it.each([
    // value, yMax, expected y: 0 sits on the baseline, yMax at the top margin, a share of 0.5 half way
    [0, 1, height - margin.bottom],
    [1, 1, margin.top],
    [0.5, 1, (height - margin.bottom + margin.top) / 2],
  ])('puts %d of %d at y=%d', (value, yMax, y) => {
    expect(chartModel(pts(value), { yMax }).dots[0]!.y).toBeCloseTo(y, 0);
  });

  it('orders months left to right inside the plot, and thins the labels of a long series', () => {
    const m = chartModel(pts(...Array.from({ length: 18 }, (_, i) => i)), { maxXTicks: 9 });
    const xs = m.dots.map((d) => d.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(xs[0]).toBeGreaterThan(m.left);
    expect(xs.at(-1)).toBeLessThan(m.right);
    expect(m.xTicks).toHaveLength(9);
    // Without a fixed top the scale is rounded up to include the largest value.
    expect(m.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(17);
  });
});

describe('LineChart', () => {
  const html = renderToString(
    <LineChart id="t1" title="On-time share by month" description="From 80% in January to 90% in April." points={pts(0.8, null, 0.85, 0.9)} yMax={1} formatY={(v) => `${v * 100}%`} formatX={(l) => l} />,
  );

  it('is an image named by its title and described by its description', () => {
    expect(html).toMatch(/^<svg class="chart" role="img" aria-labelledby="t1-title t1-desc"/);
    expect(html).toContain('<title id="t1-title">On-time share by month</title>');
    expect(html).toContain('<desc id="t1-desc">From 80% in January to 90% in April.</desc>');
  });

  it('draws with classes and presentation attributes only, never inline styles (the CSP forbids them)', () => {
    expect(html).not.toContain('style=');
    expect(html).toContain('class="chart-line"');
    expect(html.match(/class="chart-point"/g)).toHaveLength(3);
    expect(html).toContain('>100%</text>');
  });

  it('escapes text it is given', () => {
    const out = renderToString(<LineChart id="x" title={'<script>'} description="a & b" points={pts(1)} formatY={String} formatX={String} />);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script');
    expect(out).toContain('a &amp; b');
  });
});
