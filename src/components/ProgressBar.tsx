// A thin determinate progress bar with an accessible name and value.

import './components.css';

export function ProgressBar(props: { fraction: number; label: string; testId?: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, props.fraction)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={props.testId}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
