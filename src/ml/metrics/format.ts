// One-line-per-metric text of a QualityReport, for the command line and logs.

import type { QualityReport } from './quality';

export function formatQualityReport(r: QualityReport): string {
  if (r.error !== undefined) return `metrics failed: ${r.error}`;
  const lines: string[] = [];
  if (r.fid) {
    lines.push(
      `FID (${r.fid.classifierId} classifier features, ${r.fid.sampleCount} samples vs ` +
        `${r.fid.realCount} test images): ${r.fid.value.toFixed(2)}`,
    );
  }
  if (r.inception) {
    const is = r.inception;
    lines.push(
      `Inception Score (${is.classifierId} classifier, ${is.sampleCount} samples): ` +
        `${is.value.toFixed(2)} of ${is.classes} (real test images: ${is.realValue.toFixed(2)})`,
    );
  }
  if (r.coverage) {
    const c = r.coverage;
    lines.push(
      `class coverage: ${c.effectiveClasses.toFixed(2)} of ${c.classes} effective classes ` +
        `(real test images: ${c.realEffectiveClasses.toFixed(2)}); mean confidence ` +
        `${c.meanConfidence.toFixed(3)}` +
        (c.collapsed ? ` — MODE COLLAPSE (below ${c.collapseThreshold.toFixed(1)})` : ''),
      `  histogram: ${c.counts.map((n, i) => `${c.labelNames[i] ?? i}:${n}`).join(' ')}`,
    );
  }
  if (r.classAgreement !== undefined) {
    const names = r.coverage?.labelNames ?? [];
    const per = (r.classAgreementByClass ?? []).flatMap((a, i) =>
      a === null ? [] : [`${names[i] ?? i}:${(100 * a).toFixed(0)}%`],
    );
    lines.push(
      `class agreement: ${(100 * r.classAgreement).toFixed(1)}% of samples look like the class ` +
        `they were drawn for`,
      ...(per.length > 0 ? [`  per class: ${per.join(' ')}`] : []),
    );
  }
  if (r.vae) {
    const v = r.vae;
    lines.push(
      `VAE test NELBO: ${v.nelbo.toFixed(2)} nats/image (reconstruction ${v.reconNll.toFixed(2)}` +
        ` + KL ${v.kl.toFixed(2)}; ${v.count} images x ${v.epsSamples} z draws, ${v.likelihood}); ` +
        `reconstruction MSE ${v.reconMse.toFixed(4)} per pixel`,
    );
  }
  if (r.nearest) {
    const n = r.nearest;
    const baseline =
      n.realMedianDistance === null
        ? ''
        : ` (real test images: ${n.realMedianDistance.toFixed(3)})`;
    lines.push(
      `nearest training image: median RMS distance ${n.medianDistance.toFixed(3)}${baseline}, ` +
        `min ${n.minDistance.toFixed(3)}; ${(100 * n.memorizedFraction).toFixed(1)}% of ` +
        `${n.sampleCount} samples closer than ${n.threshold} (likely copies)`,
    );
  }
  if (r.pixels) {
    const p = r.pixels;
    lines.push(
      `pixel statistics vs training images: mean distance ${p.meanDistance.toFixed(3)}, std ` +
        `distance ${p.stdDistance.toFixed(3)}, colour histogram distance ` +
        `${p.histogramDistance.toFixed(3)}`,
    );
  }
  lines.push(`(${r.sampleCount} samples, ${r.seconds.toFixed(1)} s)`);
  return lines.join('\n');
}
