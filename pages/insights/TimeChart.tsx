/**
 * A line chart over days, drawn by uPlot (loaded on first use, only on this page). The chart is a
 * picture for those who look; its figures are in the table beside it for keyboard and screen
 * reader users, so the canvas itself is hidden from the accessibility tree and named in words.
 * A chart is drawn once it comes into view: one below the fold costs nothing until then.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS custom property of the page's palette, e.g. `--sw-accent`. */
  color: string;
}

interface Props {
  /** What the chart shows, in words (its accessible name). */
  label: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  /** Formats the y axis and the legend's values. */
  format?: (value: number) => string;
  height?: number;
}

type Uplot = typeof import('uplot');
let uplot: Promise<Uplot> | undefined;

/**
 * Loads uPlot (once; a failed load is tried again on the next call). The page calls it as it
 * starts, so the library arrives while the figures are being read rather than after them.
 */
export function loadCharts(): Promise<Uplot> {
  uplot ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
    ([module]) => module.default,
    (error: unknown) => {
      uplot = undefined;
      throw error;
    },
  );
  return uplot;
}

/** Resolves once `element` is in (or near) the viewport; at once where IntersectionObserver is missing. */
function inView(element: Element, signal: AbortSignal): Promise<void> {
  if (typeof IntersectionObserver !== 'function') return Promise.resolve();
  // Already in view: no need to wait a frame for the observer to say so.
  const box = element.getBoundingClientRect();
  if (box.bottom >= -200 && box.top <= innerHeight + 200) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  });
}

export function TimeChart({ label, days, series, format = (v) => v.toLocaleString(), height = 200 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Started as soon as the chart's box is in the document (a layout effect): with uPlot loaded and
  // the box in view, the chart is drawn before the page's next paint.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null;
    let resize: ResizeObserver | null = null;
    const stop = new AbortController();
    Promise.all([loadCharts(), inView(element, stop.signal)]).then(
      ([uPlot]) => {
        if (stop.signal.aborted) return;
        const style = getComputedStyle(element);
        const color = (name: string) => style.getPropertyValue(name).trim() || 'currentColor';
        const axis = {
          stroke: color('--sw-muted'),
          grid: { stroke: color('--sw-border'), width: 1 },
          ticks: { show: false },
        };
        const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
        chart = new uPlot(
          {
            width: Math.max(element.clientWidth, 240),
            height,
            tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
            legend: { show: true },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: true } },
            axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => format(t)) }],
            series: [
              {},
              ...series.map((s) => ({
                label: s.label,
                stroke: color(s.color),
                width: 2,
                points: { show: days.length <= 31 },
                value: (_u: unknown, v: number | null) => (v === null ? '–' : format(v)),
              })),
            ],
          },
          [xs, ...series.map((s) => s.values)],
          element,
        );
        element.dataset.drawn = 'true';
        // The benchmark reads this: page opened → chart drawn.
        performance.mark('stepwise-chart-drawn');
        resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(element.clientWidth, 240), height }));
        resize.observe(element);
      },
      (error: unknown) =>
        setProblem(`The chart could not be drawn (${String(error)}); the table below has its figures.`),
    );
    return () => {
      stop.abort();
      resize?.disconnect();
      chart?.destroy();
      delete element.dataset.drawn;
    };
  }, [days, series, height]);

  return (
    <figure class="chart">
      <div ref={box} class="chart-canvas" role="img" aria-label={label} />
      {problem && <p class="error">{problem}</p>}
    </figure>
  );
}
