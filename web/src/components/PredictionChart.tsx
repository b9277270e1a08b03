// The predicted plasma and effect-site concentration of this session's dose (the pharmacology
// engine, typical values for this patient), with a line at now. Absent when no model fits.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { api, Prediction } from '../api';

export function PredictionChart({ sessionId, now }: { sessionId: string; now: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [prediction, setPrediction] = useState<Prediction | null>(null);

  useEffect(() => {
    api.prediction(sessionId).then(setPrediction, () => setPrediction(null));
  }, [sessionId]);

  useEffect(() => {
    if (!prediction || !host.current) return;
    const elapsed = (now - Date.parse(prediction.start_at)) / 60000;
    const marker = (u: uPlot) => {
      if (!prediction.started || elapsed < 0 || elapsed > prediction.times_min[prediction.times_min.length - 1]) return;
      const x = u.valToPos(elapsed, 'x', true);
      u.ctx.strokeStyle = '#5b6573';
      u.ctx.setLineDash([4, 4]);
      u.ctx.beginPath();
      u.ctx.moveTo(x, u.bbox.top);
      u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
      u.ctx.stroke();
      u.ctx.setLineDash([]);
    };
    const chart = new uPlot(
      {
        width: 360,
        height: 150,
        legend: { show: false }, // named in the caption; uPlot's legend is an empty cursor row
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        series: [
          { label: 'min' },
          { label: 'plasma ng/mL', stroke: '#6a3d9a', width: 2 },
          { label: 'effect site ng/mL', stroke: '#33a02c', width: 2, dash: [6, 3] },
        ],
        axes: [{ label: 'minutes from first dose' }, { label: 'ng/mL', size: 50 }],
        hooks: { draw: [marker] },
      },
      [prediction.times_min, prediction.plasma_ng_ml, prediction.effect_site_ng_ml],
      host.current,
    );
    return () => chart.destroy();
  }, [prediction, now]);

  if (!prediction) return null;
  // A route whose absorption the model assumes (IM, sublingual, oral) says so under the chart.
  const routeAssumption = prediction.route_assumption;
  return (
    <figure class="prediction">
      <div
        ref={host}
        role="img"
        aria-label={`Predicted concentration: plasma peak ${prediction.cmax_ng_ml.toFixed(0)} ng/mL at ${prediction.tmax_min} min after the first dose`}
      />
      <figcaption class="muted">
        <span class="swatch" style={{ background: '#6a3d9a' }} aria-hidden="true" /> plasma,{' '}
        <span class="swatch swatch-dashed" style={{ background: '#33a02c' }} aria-hidden="true" /> effect site (ng/mL).{' '}
        Predicted ({prediction.model}, typical values): peak {prediction.cmax_ng_ml.toFixed(0)} ng/mL at{' '}
        {prediction.tmax_min} min. {prediction.effect_site_source}.
        {routeAssumption && <span class="route-assumption"> {routeAssumption}</span>}
      </figcaption>
    </figure>
  );
}
