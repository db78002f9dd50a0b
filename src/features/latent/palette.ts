// Ten distinguishable colours for labels (Tableau 10), readable on light and dark backgrounds.

export const LABEL_COLORS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

export function labelColor(label: number): string {
  return LABEL_COLORS[label % LABEL_COLORS.length];
}
