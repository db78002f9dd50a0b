// One bar per class under a shared baseline: the class histogram of the samples, and how often
// each asked-for class was drawn as asked. A bar drawn as missing (dashed, warning colour) is a
// class the samples lack.

export interface ClassBar {
  /** Under the bar: digits stay digits, names shrink to three letters. */
  readonly name: string;
  /** Height as a fraction of the track, 0 to 1. */
  readonly height: number;
  readonly missing: boolean;
  /** The whole story on hover. */
  readonly title: string;
}

export function ClassBars(props: { bars: readonly ClassBar[]; label: string; testId?: string }) {
  return (
    <div className="quality-bars" role="list" aria-label={props.label} data-testid={props.testId}>
      {props.bars.map((bar, i) => (
        <div
          key={i}
          className={`quality-bar${bar.missing ? ' is-missing' : ''}`}
          role="listitem"
          title={bar.title}
        >
          <div className="quality-bar-track">
            <div className="quality-bar-fill" style={{ height: `${100 * bar.height}%` }} />
          </div>
          <span className="quality-bar-label">{shortLabel(bar.name, i)}</span>
        </div>
      ))}
    </div>
  );
}

function shortLabel(name: string, index: number): string {
  if (name.length <= 2) return name;
  return name.slice(0, 3) || String(index);
}
