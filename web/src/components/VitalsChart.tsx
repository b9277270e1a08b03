// A chair's vital signs over the session: SBP, DBP and HR against time (uPlot), redrawn as
// readings stream in over the live feed.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { VitalReading } from '../api';

const SERIES = [
  { kind: 'sbp', label: 'SBP', stroke: '#b3261e' },
  { kind: 'dbp', label: 'DBP', stroke: '#e2766e' },
  { kind: 'hr', label: 'HR', stroke: '#1f5f99' },
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

export function VitalsChart({ readings }: { readings: VitalReading[] }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    chart.current = new uPlot(
      {
        width: 340,
        height: 150,
        legend: { show: true },
        scales: { x: { time: true, auto: false }, y: { range: [30, 220] } },
        series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, spanGaps: true }))],
        axes: [{}, { size: 40 }],
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

  return <div class="vitals-chart" ref={host} aria-label="Vital signs over time" />;
}
