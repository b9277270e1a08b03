// A Kaplan–Meier curve as a step line with its 95% interval as a band (uPlot), and the same rows
// as a table (at risk, events, censored) for screen readers and for anyone who wants numbers.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CurvePoint } from '../api/outcomes';
import { percent } from '../format';

export function SurvivalChart({ curve, start, label, colour }: { curve: CurvePoint[]; start: number; label: string; colour: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!curve.length) return;
    // The curve starts at day 0 at `start` (0 responded yet; 1 still in response).
    const days = [0, ...curve.map((p) => p.day)];
    const value = [start, ...curve.map((p) => p.probability)];
    const lower = [start, ...curve.map((p) => p.ci95[0])];
    const upper = [start, ...curve.map((p) => p.ci95[1])];
    const step = uPlot.paths.stepped!({ align: 1 });
    const chart = new uPlot(
      {
        width: 420,
        height: 220,
        legend: { show: false },
        scales: { x: { time: false }, y: { range: [0, 1] } },
        series: [
          { label: 'day' },
          { label, stroke: colour, width: 2, paths: step },
          { label: 'upper 95%', stroke: 'transparent', paths: step },
          { label: 'lower 95%', stroke: 'transparent', paths: step },
        ],
        bands: [{ series: [2, 3], fill: `${colour}33` }],
        axes: [
          { label: 'days from baseline', size: 40 },
          { label, size: 50, values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) },
        ],
      },
      [days, value, upper, lower] as uPlot.AlignedData,
      host.current!,
    );
    return () => chart.destroy();
  }, [curve, start, label, colour]);

  if (!curve.length) return <p class="muted">No one to show yet.</p>;
  const counted = 'at_risk' in curve[0];
  return (
    <figure class="survival">
      <div ref={host} role="img" aria-label={`${label} by day, with its 95% interval`} />
      <details>
        <summary>{label} as a table</summary>
        <table class="list compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {counted && <th scope="col">At risk</th>}
              {counted && <th scope="col">Events</th>}
              {counted && <th scope="col">Censored</th>}
              <th scope="col">{label}</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {curve.map((p) => (
              <tr key={p.day}>
                <td>{p.day.toFixed(1)}</td>
                {counted && <td>{p.at_risk}</td>}
                {counted && <td>{p.events}</td>}
                {counted && <td>{p.censored}</td>}
                <td>{percent(p.probability)}</td>
                <td>
                  {p.ci95[0] === null ? '—' : `${percent(p.ci95[0])} – ${percent(p.ci95[1])}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
