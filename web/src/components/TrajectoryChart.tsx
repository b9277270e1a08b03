// Score over time for one instrument, with its severity bands shaded behind the line (uPlot).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Assessment, InstrumentDefinition } from '../api';

// From calm to alarming, one shade per band in order.
const BAND_SHADES = ['#e7f4ea', '#f4f6dc', '#fbeed7', '#fbe1d3', '#f8d3d0'];

function timeRange(times: number[]): [number, number] {
  const first = Math.min(...times), last = Math.max(...times);
  const pad = Math.max(3.5 * 86400, (last - first) * 0.05);
  return [first - pad, last + pad];
}

export function TrajectoryChart({ definition, assessments, maxTotal }: {
  definition: InstrumentDefinition;
  assessments: Assessment[];
  maxTotal: number;
}) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const scored = assessments.filter((a) => a.total !== null);
    const data: uPlot.AlignedData = [
      scored.map((a) => Date.parse(a.administered_at) / 1000),
      scored.map((a) => a.total as number),
    ];
    const bands = definition.bands ?? [];
    const shade = (u: uPlot) => {
      bands.forEach((band, i) => {
        const top = u.valToPos(Math.min(band.max + 1, maxTotal), 'y', true);
        const bottom = u.valToPos(band.min, 'y', true);
        u.ctx.fillStyle = BAND_SHADES[Math.min(i, BAND_SHADES.length - 1)];
        u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
      });
    };
    const chart = new uPlot(
      {
        width: Math.min(host.current!.clientWidth || 520, 720),
        height: 220,
        scales: {
          // At least a week of axis, so a lone assessment sits in a week rather than uPlot's years.
          x: { time: true, auto: false, range: timeRange(data[0] as number[]) },
          y: { range: [0, maxTotal] },
        },
        legend: { show: false },
        series: [{}, { label: definition.name, stroke: '#1f5f99', width: 2, points: { show: true, size: 7 } }],
        axes: [{}, { label: 'score' }],
        hooks: { drawClear: [shade] },
      },
      data,
      host.current!,
    );
    return () => chart.destroy();
  }, [definition, assessments, maxTotal]);

  return <div class="trajectory" ref={host} aria-label={`${definition.name} over time`} />;
}
