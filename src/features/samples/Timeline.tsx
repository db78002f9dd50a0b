// The scrubber over the kept sample grids, a play button that walks through them, and a way
// back to following the run live.

import { useEffect, useId } from 'react';
import { PauseIcon, PlayIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import type { FrameReason } from '../../store/timeline';

/** Frames per second while playing. */
const PLAY_FPS = 5;

const REASON_TEXT: Record<FrameReason, string> = {
  initial: 'before training',
  interval: 'during the epoch',
  epoch: 'end of epoch',
  paused: 'paused here',
  imported: 'loaded weights',
};

export function Timeline() {
  const id = useId();
  const frames = useApp((s) => s.frames);
  const selected = useApp((s) => s.selectedFrame);
  const playing = useApp((s) => s.playing);
  const selectFrame = useApp((s) => s.selectFrame);
  const setPlaying = useApp((s) => s.setPlaying);
  const last = frames.length - 1;
  const index = selected ?? Math.max(0, last);
  const frame = frames[index];

  // Playing walks the timeline one frame per tick and stops at the newest grid.
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      if (index >= last) setPlaying(false);
      else selectFrame(index + 1);
    }, 1000 / PLAY_FPS);
    return () => clearTimeout(timer);
  }, [playing, index, last, selectFrame, setPlaying]);

  const togglePlay = () => {
    if (playing) {
      setPlaying(false);
      return;
    }
    if (index >= last) selectFrame(0); // from the start when at the end
    setPlaying(true);
  };

  return (
    <div className="timeline">
      <button
        type="button"
        className="btn btn-icon btn-sm"
        onClick={togglePlay}
        disabled={frames.length < 2}
        aria-label={playing ? 'Pause the replay' : 'Replay the samples from the start'}
        data-testid="timeline-play"
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <div className="timeline-track">
        <label htmlFor={id} className="visually-hidden">
          Sample grid to show
        </label>
        <input
          id={id}
          type="range"
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={index}
          disabled={frames.length < 2}
          onChange={(e) => {
            setPlaying(false);
            selectFrame(Number(e.target.value));
          }}
          aria-valuetext={
            frame === undefined ? 'no samples' : `epoch ${frame.epoch}, step ${frame.step}`
          }
          data-testid="epoch-scrubber"
        />
        <div className="timeline-meta num">
          <span>
            {frame === undefined
              ? 'No grids yet'
              : `Epoch ${frame.epoch} · step ${frame.step.toLocaleString('en')} · ${REASON_TEXT[frame.reason]}`}
          </span>
          <span>
            {selected === null ? (
              frames.length > 0 && <span className="live-pill">Live</span>
            ) : (
              <button type="button" className="link-button" onClick={() => selectFrame(null)}>
                Back to live
              </button>
            )}
          </span>
        </div>
      </div>
    </div>
  );
}
