import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';

/**
 * A line chart rendered on the server as accessible SVG: `role="img"` named by its `<title>` and described by its
 * `<desc>`, styled only through classes (the CSP allows no inline styles), readable without JavaScript. d3-scale
 * places the points and d3-shape draws the line; a missing value (withheld month) leaves a gap, never a zero.
 */

export interface ChartPoint {
  /** Category on the x axis, e.g. `2026-03`. */
  label: string;
  value: number | null;
}

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_SIZE: ChartSize = { width: 640, height: 220, margin: { top: 12, right: 16, bottom: 32, left: 48 } };

export interface ChartModel {
  /** The SVG path of the line, or null when no value is shown. */
  path: string | null;
  dots: { x: number; y: number; label: string; value: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; value: number }[];
  /** The plot area's bottom and left, for the axes. */
  baseline: number;
  left: number;
  right: number;
}

/** Computes where everything goes; pure, so it is tested without rendering. `yMax` fixes the scale's top (1 for shares). */
export function chartModel(points: readonly ChartPoint[], options: { yMax?: number; maxXTicks?: number; size?: ChartSize } = {}): ChartModel {
  const { width, height, margin } = options.size ?? DEFAULT_SIZE;
  const x = scalePoint<string>().domain(points.map((p) => p.label)).range([margin.left, width - margin.right]).padding(0.5);
  const shown = points.filter((p): p is ChartPoint & { value: number } => p.value !== null && Number.isFinite(p.value));
  const top = options.yMax ?? Math.max(1, ...shown.map((p) => p.value));
  const y = scaleLinear().domain([0, top]).range([height - margin.bottom, margin.top]);
  if (options.yMax === undefined) y.nice(5);
  const draw = line<ChartPoint>()
    .defined((p) => p.value !== null && Number.isFinite(p.value))
    .x((p) => x(p.label)!)
    .y((p) => y(p.value!));
  const round = (n: number) => Math.round(n * 10) / 10;
  const every = Math.max(1, Math.ceil(points.length / (options.maxXTicks ?? 9)));
  return {
    path: shown.length ? (draw.digits(1)(points as ChartPoint[]) ?? null) : null,
    dots: shown.map((p) => ({ x: round(x(p.label)!), y: round(y(p.value)), label: p.label, value: p.value })),
    xTicks: points.filter((_, i) => i % every === 0).map((p) => ({ x: round(x(p.label)!), label: p.label })),
    yTicks: y.ticks(4).map((v) => ({ y: round(y(v)), value: v })),
    baseline: height - margin.bottom,
    left: margin.left,
    right: width - margin.right,
  };
}

/** The chart as SVG. `id` must be unique on the page: it names the title and description. */
export function LineChart(props: {
  id: string;
  title: string;
  description: string;
  points: readonly ChartPoint[];
  yMax?: number;
  formatY: (v: number) => string;
  formatX: (label: string) => string;
  size?: ChartSize;
}) {
  const size = props.size ?? DEFAULT_SIZE;
  const m = chartModel(props.points, { yMax: props.yMax, size });
  return (
    <svg class="chart" role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${size.width} ${size.height}`} width={size.width} height={size.height}>
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      <g class="chart-grid">
        {m.yTicks.map((t) => (
          <g>
            <line x1={m.left} x2={m.right} y1={t.y} y2={t.y} />
            <text class="chart-y-label" x={m.left - 6} y={t.y + 4}>{props.formatY(t.value)}</text>
          </g>
        ))}
      </g>
      <g class="chart-x-axis">
        <line x1={m.left} x2={m.right} y1={m.baseline} y2={m.baseline} />
        {m.xTicks.map((t) => (
          <text class="chart-x-label" x={t.x} y={m.baseline + 18}>{props.formatX(t.label)}</text>
        ))}
      </g>
      {m.path && <path class="chart-line" d={m.path} fill="none" />}
      {m.dots.map((d) => (
        <circle class="chart-point" cx={d.x} cy={d.y} r={3.5} />
      ))}
    </svg>
  );
}
