import { useEffect, useRef } from 'react';
import type { ChartOption } from './charts.ts';

/** A chart drawn by the lazily imported ECharts bundle once the panel is on screen. */
export function ChartPanel({ title, option }: { title: string; option: ChartOption }) {
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
  }, [option]);
  return (
    <section className="card staff-chart">
      <h3>{title}</h3>
      <div ref={ref} style={{ width: '100%', height: 260 }} role="img" aria-label={title} />
    </section>
  );
}
