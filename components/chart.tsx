import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateMsk } from '@/lib/i18n';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A y-axis label: a number with Russian digit grouping («1 250 000»). */
export const formatAxisNumber = (v: number): string => Math.round(v).toLocaleString('ru-RU');

/** A y-axis label for money in rubles («1 250 000 ₽»). */
export const formatAxisRub = (v: number): string => `${formatAxisNumber(v)} ₽`;

/** The y axis's room next to its labels: its tick marks, the gap to the labels, and a pixel to spare. */
const TICKS_PX = 10;
const GAP_PX = 5;

/**
 * How wide the y axis must be for its labels: the widest label as measured plus the ticks and the gap, never
 * narrower than `min`. A fixed width clipped labels above 100,000 («1 250 000 ₽»).
 */
export function axisSizeFor(labels: readonly string[], measure: (text: string) => number, min = 40): number {
  const widest = labels.reduce((w, l) => Math.max(w, l ? measure(l) : 0), 0);
  return Math.max(min, Math.ceil(widest + TICKS_PX + GAP_PX + 1));
}

/** The y axis of a DailyChart: labels by `format`, sized to them (measured in the chart's own canvas font). */
export function yAxis(format: (v: number) => string = formatAxisNumber): uPlot.Axis {
  return {
    gap: GAP_PX,
    ticks: { size: TICKS_PX },
    values: (_u, splits) => splits.map((v) => (v == null ? '' : format(v))),
    size(u, values, axisIdx, cycleNum) {
      const axis = u.axes[axisIdx] as uPlot.Axis & { _size?: number; font?: [string, number] };
      // uPlot sizes the axes in up to three passes; after the first the labels no longer change.
      if (cycleNum > 1 && axis._size) return axis._size;
      return axisSizeFor(values ?? [], (text) => {
        if (axis.font) u.ctx.font = axis.font[0];
        return u.ctx.measureText(text).width / uPlot.pxRatio;
      });
    },
  };
}

/** A line chart by day (uPlot, ~45 kB): x in unix seconds, one or more series. Dates shown in Moscow time. */
export function DailyChart({
  id,
  title,
  x,
  series,
  height = 220,
  formatY = formatAxisNumber,
}: {
  id: string;
  title: string;
  x: number[];
  series: Series[];
  height?: number;
  /** The y-axis labels; `formatAxisRub` for money. */
  formatY?: (v: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 640),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Europe/Moscow'),
        series: [
          { value: (_u, v) => (v == null ? '—' : formatDateMsk(new Date(v * 1000))) },
          ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: x.length < 60 } })),
        ],
        axes: [{}, yAxis(formatY)],
        legend: { live: false },
      },
      [x, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, height, formatY]);
  return (
    <figure class="chart" data-chart={id} aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}

/** Horizontal bars for shares (regions, warehouses): plain HTML, readable by screen readers as a list. */
export function ShareBars({
  id,
  title,
  items,
}: {
  id: string;
  title: string;
  items: { label: string; value: number; text: string }[];
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <figure class="bars" data-chart={id}>
      <figcaption>{title}</figcaption>
      <ul>
        {items.map((i) => (
          <li key={i.label}>
            <span class="bar-label">{i.label}</span>
            <span class="bar" style={{ width: `${(100 * i.value) / max}%` }} aria-hidden="true" />
            <span class="bar-value">{i.text}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
