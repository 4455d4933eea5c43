import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateMsk, formatTimeMsk } from '@/lib/i18n';
import type { Series } from '../chart';

/**
 * Search positions over time (uPlot): position 1 at the top, as in the results, and each point at its check's time
 * (several checks a day are apart). x in unix seconds, Moscow time; a missing value (not found) breaks the line.
 */
export function PositionChart({
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
    const at = (v: number) => `${formatDateMsk(new Date(v * 1000))} ${formatTimeMsk(new Date(v * 1000))}`;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 640),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Europe/Moscow'),
        scales: { y: { dir: -1, range: (_u, min, max) => [Math.max(0, Math.floor(min) - 1), Math.ceil(max) + 1] } },
        series: [
          { value: (_u, v) => (v == null ? '—' : at(v)) },
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
