// The backend report as rows a person can read: one per backend with its measured speed or the
// reason it was not measured, and one sentence per switch away from a failed backend. Pure, so
// the wording is tested without rendering.

import type { BackendName } from '../../ml/backends/init-backend';
import type { BackendReport, BackendSwitch } from '../../worker/backend-report';

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'Plain JS',
};

export interface BackendRow {
  readonly backend: BackendName;
  readonly label: string;
  /** "96 images/s", "< 0.5 images/s", "failed", "not measured". */
  readonly figure: string;
  /** Why, for rows without a measured figure (or the timing detail for measured ones). */
  readonly detail: string;
  readonly active: boolean;
  readonly kind: 'measured' | 'too-slow' | 'failed' | 'skipped';
}

export function backendRows(report: BackendReport): BackendRow[] {
  const probes = report.selection?.probes ?? [];
  return probes.map((probe) => {
    const base = {
      backend: probe.backend,
      label: BACKEND_LABELS[probe.backend],
      active: probe.backend === report.active,
      kind: probe.status,
    };
    switch (probe.status) {
      case 'measured':
        return {
          ...base,
          figure: `${formatRate(probe.imagesPerSec)} images/s`,
          detail:
            probe.timedSteps > 0
              ? `${probe.timedSteps} timed step${probe.timedSteps === 1 ? '' : 's'} after warm-up`
              : 'rough: warm-up step only',
        };
      case 'too-slow':
        return {
          ...base,
          figure: `< ${formatRate(probe.belowImagesPerSec)} images/s`,
          detail: probe.reason,
        };
      case 'failed':
        return { ...base, figure: 'failed', detail: probe.reason };
      case 'skipped':
        return { ...base, figure: 'not measured', detail: stripPrefix(probe.reason) };
    }
  });
}

/** One line on how the backend was chosen. */
export function choiceSummary(report: BackendReport): string {
  const threads = report.threads;
  const active =
    BACKEND_LABELS[report.active] +
    (threads !== null ? ` on ${threads} CPU thread${threads === 1 ? '' : 's'}` : '');
  if (report.requested !== 'auto') {
    return report.requested === report.active
      ? `${active}, as chosen.`
      : `${active}: ${BACKEND_LABELS[report.requested]} was chosen but stopped working.`;
  }
  const chosen = report.selection?.chosen;
  const took = report.selection
    ? ` (choosing took ${(report.selection.ms / 1000).toFixed(1)} s)`
    : '';
  if (chosen !== undefined && chosen !== report.active) {
    return `${active}: Auto picked ${BACKEND_LABELS[chosen]}, which stopped working${took}.`;
  }
  const chosenProbe = report.selection?.probes.find((p) => p.backend === report.active);
  if (chosenProbe !== undefined && chosenProbe.status !== 'measured') {
    return `${WHERE[report.active]}: ${active}, picked automatically${took}. ${untried(report)}`;
  }
  return `${active}, picked automatically${took}: ${report.selection?.reason ?? ''}`.trim();
}

/** Where each backend computes, for someone who has not heard of any of them. */
const WHERE: Record<BackendName, string> = {
  wasm: 'Training on the processor',
  cpu: 'Training on the processor (slowly)',
  webgl: 'Training on the graphics card',
  webgpu: 'Training on the graphics card',
};

const GPU_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl'];

/** Why the graphics card is not used (or, on it, why nothing was compared), in plain words. */
function untried(report: BackendReport): string {
  if (GPU_BACKENDS.includes(report.active)) return 'It was the only backend that could start.';
  const probes = (report.selection?.probes ?? []).filter(
    (p) => GPU_BACKENDS.includes(p.backend) && p.status !== 'measured',
  );
  if (probes.length === 0) return 'This browser offers no way to train on the graphics card.';
  const why = probes.map((p) => {
    const label = BACKEND_LABELS[p.backend];
    switch (p.status) {
      case 'skipped':
        return stripPrefix(p.reason);
      case 'failed':
        return `${label} did not start (${p.reason})`;
      case 'too-slow':
        return `${label} trained under ${formatRate(p.belowImagesPerSec)} images/s`;
      default:
        return label;
    }
  });
  return `The graphics card was not tried: ${why.join('; ')}.`;
}

export function switchSentence(change: BackendSwitch): string {
  const lost = change.failedAtStep - change.resumedAtStep;
  const resumed =
    change.source === 'restarted'
      ? 'restarted from step 0 (nothing was saved yet)'
      : lost === 0
        ? `continued from step ${change.resumedAtStep}, nothing lost`
        : `continued from step ${change.resumedAtStep} (${lost} step${lost === 1 ? '' : 's'} redone)`;
  return `At step ${change.failedAtStep} ${change.reason}: ${BACKEND_LABELS[change.to]} ${resumed}.`;
}

function stripPrefix(reason: string): string {
  return reason.replace(/^not measured: /, '');
}

export function formatRate(imagesPerSec: number): string {
  if (imagesPerSec >= 100) return imagesPerSec.toFixed(0);
  if (imagesPerSec >= 1) return imagesPerSec.toFixed(1);
  return imagesPerSec.toPrecision(2);
}
