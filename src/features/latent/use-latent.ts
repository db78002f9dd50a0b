// Hooks shared by the latent explorer's parts: the run's latent facts (fetched from the worker
// whenever a new run appears), a generate request that keeps only the newest in flight, and a
// slowly changing "weights changed" key so images follow training without flooding the worker.

import { createContext, useContext, useEffect, useRef, useState, type RefObject } from 'react';
import type { ClassChoice } from '../../ml/train/runtime';
import type { ImageGrid } from '../../ml/train/types';
import { useApp, useController } from '../../store/context';
import type { LatentModelInfo } from '../../worker/protocol';
import { LatestOnly } from './latest-only';

/** True once a run exists (created, imported or resumed) until it is reset. */
export function useHasRun(): boolean {
  const phase = useApp((s) => s.runPhase);
  return phase !== 'none' && phase !== 'loading' && phase !== 'creating';
}

/** Fetches the run's latent facts into the store whenever a new run appears. */
export function useLatentInfoSync(): void {
  const controller = useController();
  const hasRun = useHasRun();
  const runSpec = useApp((s) => s.runSpec);
  const setLatentInfo = useApp((s) => s.setLatentInfo);
  useEffect(() => {
    if (!hasRun) {
      setLatentInfo(null);
      return;
    }
    let live = true;
    controller
      .workerApi()
      .latentInfo()
      .then((info) => live && setLatentInfo(info))
      .catch(() => live && setLatentInfo(null));
    return () => {
      live = false;
    };
  }, [controller, hasRun, runSpec, setLatentInfo]);
}

/**
 * The class the sliders draw, for a conditional model (the picked class, kept within its class
 * count); undefined for an unconditional one.
 */
export function useSliderClass(info: LatentModelInfo): number | undefined {
  const picked = useApp((s) => s.latentClass);
  const count = info.classNames?.length ?? 0;
  return count > 0 ? Math.min(picked, count - 1) : undefined;
}

/** Whether the explorer is on screen: off screen, images do not follow training. */
export const LatentVisibleContext = createContext(true);

/** Watches whether `ref`'s element intersects the viewport (true where that cannot be known). */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) =>
      setVisible(entries.some((e) => e.isIntersecting)),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}

/**
 * The training step, updated at most once every `ms` and only while the explorer is on screen:
 * a key that makes generated images redraw with the newest weights while a run trains, without
 * taking much of the worker's time from training.
 */
export function useWeightsKey(ms = 2000): number {
  const step = useApp((s) => s.step);
  const visible = useContext(LatentVisibleContext);
  const [key, setKey] = useState(step);
  const last = useRef(0);
  useEffect(() => {
    if (!visible || step === key) return;
    const wait = last.current + ms - Date.now();
    const update = () => {
      last.current = Date.now();
      setKey(step);
    };
    if (wait <= 0) {
      update();
      return;
    }
    const timer = setTimeout(update, wait);
    return () => clearTimeout(timer);
  }, [step, key, ms, visible]);
  return key;
}

export interface GenerateRequest {
  /** [n, latentDim] row-major. */
  readonly latents: Float32Array;
  readonly cols: number;
  /**
   * A conditional model's classes: one for every image, one per image, or rows of class weights
   * (ClassChoice); an unconditional model ignores them.
   */
  readonly classes?: number | ClassChoice;
  /** Says what the request shows (e.g. the slider position); reported with its image. */
  readonly tag?: string;
}

/**
 * Images for `request` (null: nothing), regenerated when it or `refreshKey` changes. At most
 * one request is in flight; a request made meanwhile replaces any other that waits.
 */
export function useGenerated(
  request: GenerateRequest | null,
  refreshKey: unknown,
): { grid: ImageGrid | null; tag: string | undefined; error: string | null } {
  const controller = useController();
  const [shown, setShown] = useState<{ grid: ImageGrid; tag?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const requester = useRef<LatestOnly<GenerateRequest, ImageGrid> | null>(null);

  useEffect(() => {
    const latest = new LatestOnly<GenerateRequest, ImageGrid>({
      run: (r) => controller.workerApi().generate(r.latents, r.cols, r.classes),
      onResult: (grid, r) => {
        setShown({ grid, tag: r.tag });
        setError(null);
      },
      onError: (err) => setError(err instanceof Error ? err.message : String(err)),
    });
    requester.current = latest;
    return () => latest.close();
  }, [controller]);

  useEffect(() => {
    if (request !== null) requester.current?.request(request);
  }, [request, refreshKey]);

  const visible = request === null ? null : shown;
  return { grid: visible?.grid ?? null, tag: visible?.tag, error };
}
