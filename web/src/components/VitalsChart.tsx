// A session's vital signs against time (uPlot), redrawn as readings stream in over the live feed:
// blood pressure, heart and respiratory rate on a left axis, SpO₂ on its own right axis; every
// reading drawn as a point, so a lone first reading shows; a legend of what each line is with its
// latest value; and the readings as a table for screen readers and for anyone who wants numbers.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { VitalReading } from '../api';
import { formatTime } from '../format';

const SERIES = [
  { kind: 'sbp', label: 'SBP', unit: 'mmHg', stroke: '#b3261e', scale: 'y' },
  { kind: 'dbp', label: 'DBP', unit: 'mmHg', stroke: '#e2766e', scale: 'y' },
  { kind: 'hr', label: 'HR', unit: '/min', stroke: '#1f5f99', scale: 'y' },
  { kind: 'rr', label: 'RR', unit: '/min', stroke: '#2e7d32', scale: 'y' },
  { kind: 'spo2', label: 'SpO₂', unit: '%', stroke: '#7b1fa2', scale: '%' },
];

// Aligns the kinds on one time axis; a kind without a reading at a time gets a gap.
function aligned(readings: VitalReading[]): uPlot.AlignedData {
  const times = [...new Set(readings.map((r) => Date.parse(r.at) / 1000))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = SERIES.map(() => times.map(() => null as number | null));
  for (const r of readings) {
    const s = SERIES.findIndex((x) => x.kind === r.kind);
    if (s >= 0) columns[s][index.get(Date.parse(r.at) / 1000)!] = r.value;
  }
  return [times, ...columns] as uPlot.AlignedData;
}

function latest(readings: VitalReading[], kind: string): VitalReading | undefined {
  return readings.filter((r) => r.kind === kind).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).pop();
}

export function VitalsChart({ readings }: { readings: VitalReading[] }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    chart.current = new uPlot(
      {
        width: 360,
        height: 170,
        legend: { show: false }, // the legend below names the lines without an empty cursor row
        scales: { x: { time: true, auto: false }, y: { range: [0, 220] }, '%': { range: [70, 100] } },
        series: [
          {},
          ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, spanGaps: true, scale: s.scale, points: { show: true, size: 5 } })),
        ],
        axes: [
          {},
          { scale: 'y', label: 'mmHg · /min', size: 46 },
          { scale: '%', side: 1, label: 'SpO₂ %', size: 46, grid: { show: false } },
        ],
      },
      aligned([]),
      host.current!,
    );
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    const data = aligned(readings);
    chart.current?.setData(data);
    // At least ten minutes of axis, so a first reading sits in a session, not in years.
    const times = data[0] as number[];
    if (times.length > 0) {
      const first = times[0], last = times[times.length - 1];
      const pad = Math.max(0, 600 - (last - first)) / 2;
      chart.current?.setScale('x', { min: first - pad, max: last + pad });
    }
  }, [readings]);

  const shown = SERIES.filter((s) => readings.some((r) => r.kind === s.kind));
  const summary =
    readings.length === 0
      ? 'No vital signs recorded yet.'
      : `${readings.length} readings. Latest: ` +
        shown.map((s) => `${s.label} ${latest(readings, s.kind)!.value} ${s.unit}`).join(', ') + '.';
  const ordered = [...readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <figure class="vitals-figure">
      <div class="vitals-chart" ref={host} role="img" aria-label={`Vital signs over time. ${summary}`} />
      <figcaption>
        <ul class="chart-legend">
          {SERIES.map((s) => {
            const last = latest(readings, s.kind);
            return (
              <li key={s.kind}>
                <span class="swatch" style={{ background: s.stroke }} aria-hidden="true" /> {s.label}
                {last ? ` ${last.value} ${s.unit}` : ' –'}
              </li>
            );
          })}
        </ul>
        {readings.length > 0 && (
          <details>
            <summary>Readings as a table</summary>
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Sign</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {ordered.map((r, i) => {
                  const s = SERIES.find((x) => x.kind === r.kind);
                  return (
                    <tr key={i}>
                      <td>{formatTime(r.at)}</td>
                      <td>{s?.label ?? r.kind}</td>
                      <td>
                        {r.value} {s?.unit ?? ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        )}
      </figcaption>
    </figure>
  );
}
