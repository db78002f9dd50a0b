// How much slower a backend trains here than the fastest one 'auto' measured, from Auto's own
// figures (every backend it measured timed the same model): a note for the backend menu when a
// backend is under half the best speed ("WebGL: 2.7 images/s here, 60x slower than WebAssembly").
// After a switch in the middle of training, the run's own speeds on the old and the new backend
// say it more exactly. Pure, so the wording is tested without rendering.

import type { BackendName } from '../../ml/backends/init-backend';
import type { BackendSelection } from '../../worker/backend-report';
import { BACKEND_LABELS, formatRate } from '../backend/report-rows';

/** Slower than this share of the best measured speed earns a warning. */
export const SLOW_SHARE = 0.5;

export interface SlowNote {
  /** For the menu's option: "60x slower here". */
  readonly short: string;
  /** The sentence beside the menu. */
  readonly text: string;
}

/** Skip reasons that already say the backend is far slower here (software GPU, cpu beside wasm). */
const FAR_SLOWER = /far (slower|faster)/;

export function slowNote(
  backend: BackendName,
  selection: BackendSelection | null,
): SlowNote | null {
  const probes = selection?.probes ?? [];
  let best: { backend: BackendName; rate: number } | null = null;
  for (const p of probes) {
    if (p.status === 'measured' && p.backend !== backend && p.imagesPerSec > (best?.rate ?? 0))
      best = { backend: p.backend, rate: p.imagesPerSec };
  }
  const probe = probes.find((p) => p.backend === backend);
  if (probe === undefined) return null;
  const label = BACKEND_LABELS[backend];
  if (probe.status === 'skipped') {
    // Auto skips a backend it knows to be far slower here (software WebGL, cpu beside wasm):
    // its reason is the warning, with the measured figure of the best backend when there is one.
    const reason = probe.reason.replace(/^not measured: /, '');
    if (!FAR_SLOWER.test(reason)) return null;
    const figure =
      best === null ? '' : ` (${BACKEND_LABELS[best.backend]}: ${formatRate(best.rate)} images/s)`;
    // "WebGL renders in software here, ..." names the backend itself; others get a label.
    const sentence = reason.startsWith(label) ? reason : `${label}: ${reason}`;
    return { short: 'far slower here', text: `${sentence}${figure}.` };
  }
  if (best === null) return null;
  const than = BACKEND_LABELS[best.backend];
  const times = (rate: number) => `${Math.max(2, Math.round(best.rate / rate))}x`;
  switch (probe.status) {
    case 'measured':
      if (probe.imagesPerSec >= best.rate * SLOW_SHARE) return null;
      return {
        short: `${times(probe.imagesPerSec)} slower here`,
        text: `${label}: ${formatRate(probe.imagesPerSec)} images/s here, ${times(probe.imagesPerSec)} slower than ${than} (${formatRate(best.rate)} images/s).`,
      };
    case 'too-slow':
      if (probe.belowImagesPerSec >= best.rate * SLOW_SHARE) return null;
      return {
        short: `over ${times(probe.belowImagesPerSec)} slower here`,
        text: `${label}: under ${formatRate(probe.belowImagesPerSec)} images/s here, over ${times(probe.belowImagesPerSec)} slower than ${than} (${formatRate(best.rate)} images/s).`,
      };
    case 'failed':
      return null;
  }
}

/**
 * The run's speed on `active` against its speed on the backend it left (a switch while
 * training), when it is under half of that.
 */
export function liveSlowNote(
  active: BackendName,
  imagesPerSec: number | null,
  before: { readonly backend: BackendName; readonly imagesPerSec: number } | null,
): string | null {
  if (before === null || imagesPerSec === null || before.backend === active) return null;
  if (imagesPerSec <= 0 || imagesPerSec >= before.imagesPerSec * SLOW_SHARE) return null;
  const times = Math.max(2, Math.round(before.imagesPerSec / imagesPerSec));
  return (
    `${BACKEND_LABELS[active]}: ${formatRate(imagesPerSec)} images/s on this run, ${times}x ` +
    `slower than ${BACKEND_LABELS[before.backend]} (${formatRate(before.imagesPerSec)} images/s before the switch).`
  );
}
