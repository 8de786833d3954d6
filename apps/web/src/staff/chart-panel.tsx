import { useEffect, useRef } from 'react';
import type { ChartOption } from './charts.ts';

/** A chart drawn by the lazily imported ECharts bundle once the panel is on screen; `height` in px. */
export function ChartPanel({ title, option, height = 260 }: { title: string; option: ChartOption; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let cancelled = false;
    void import('./charts.ts').then(({ drawChart }) => {
      if (!cancelled && ref.current) dispose = drawChart(ref.current, option);
    });
    return () => {
      cancelled = true;
      dispose?.();
    };
  }, [option, height]);
  return (
    <section className="card staff-chart">
      <h3>{title}</h3>
      <div ref={ref} style={{ width: '100%', height }} role="img" aria-label={title} />
    </section>
  );
}
