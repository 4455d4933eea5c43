import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateMsk } from '@/lib/i18n';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

/** A line chart by day (uPlot, ~45 kB): x in unix seconds, one or more series. Dates shown in Moscow time. */
export function DailyChart({
  id,
  title,
  x,
  series,
  height = 220,
}: {
  id: string;
  title: string;
  x: number[];
  series: Series[];
  height?: number;
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
        axes: [{}, { size: 60 }],
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
  }, [x, series, height]);
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
