// Chart colours per theme (SVG attributes cannot read CSS variables reliably, so the charts take
// them from here; they match --series-* in src/styles/tokens.css).

import type { Theme } from '../../store/ui-slice';

export interface ChartPalette {
  readonly series: readonly [string, string, string, string];
  readonly grid: string;
  readonly axis: string;
  readonly tooltipBg: string;
  readonly tooltipBorder: string;
  readonly text: string;
}

export const PALETTES: Record<Theme, ChartPalette> = {
  light: {
    series: ['#4f46e5', '#e07a10', '#0f9488', '#d0367a'],
    grid: '#e9ebf0',
    axis: '#6a7384',
    tooltipBg: '#ffffff',
    tooltipBorder: '#e2e5eb',
    text: '#161a22',
  },
  dark: {
    series: ['#8b8df7', '#f5a524', '#2dd4bf', '#f472b6'],
    grid: '#232833',
    axis: '#8f97a8',
    tooltipBg: '#1b1f27',
    tooltipBorder: '#363c4a',
    text: '#e9ebf1',
  },
};
