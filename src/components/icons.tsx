// The few icons the page uses, as inline SVG (currentColor, 16px grid). Decorative: the buttons
// that hold them carry the text or aria-label.

const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.6,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
};

export const PlayIcon = () => (
  <svg {...common}>
    <path d="M5 3.5v9l7-4.5z" fill="currentColor" />
  </svg>
);
export const PauseIcon = () => (
  <svg {...common}>
    <path d="M5.5 3.5v9M10.5 3.5v9" strokeWidth={2.2} />
  </svg>
);
export const StepIcon = () => (
  <svg {...common}>
    <path d="M4 3.5v9l6-4.5z" fill="currentColor" />
    <path d="M12.5 3.5v9" strokeWidth={2} />
  </svg>
);
export const ResetIcon = () => (
  <svg {...common}>
    <path d="M3 8a5 5 0 1 0 1.5-3.5M3 3v2.5h2.5" />
  </svg>
);
export const DownloadIcon = () => (
  <svg {...common}>
    <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" />
  </svg>
);
export const UploadIcon = () => (
  <svg {...common}>
    <path d="M8 10.5v-8M4.5 6 8 2.5 11.5 6M3 13.5h10" />
  </svg>
);
export const SunIcon = () => (
  <svg {...common}>
    <circle cx="8" cy="8" r="3" />
    <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
  </svg>
);
export const MoonIcon = () => (
  <svg {...common}>
    <path d="M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z" />
  </svg>
);
export const CloseIcon = () => (
  <svg {...common}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </svg>
);
export const AlertIcon = () => (
  <svg {...common}>
    <path d="M8 2 14.5 13.5h-13z" />
    <path d="M8 6.5v3M8 11.5v.01" />
  </svg>
);
