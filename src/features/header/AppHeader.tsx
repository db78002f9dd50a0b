// The page header: name, one line on what it is, the backend choice and the theme toggle.

import { BackendSelect } from './BackendSelect';
import { ThemeToggle } from '../theme/ThemeToggle';
import './header.css';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <div className="brand-text">
          <h1 className="brand-name">GAN Playground</h1>
          <p className="brand-tagline">
            Train a DCGAN or a VAE in your browser. Nothing leaves this computer.
          </p>
        </div>
      </div>
      <div className="header-tools">
        <BackendSelect />
        <ThemeToggle />
      </div>
    </header>
  );
}

/** A 3x3 grid of cells fading from noise to image: what the page does. */
function Logo() {
  const cells = [0.25, 0.5, 0.35, 0.55, 1, 0.75, 0.4, 0.8, 0.95];
  return (
    <svg className="logo" width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
      {cells.map((opacity, i) => (
        <rect
          key={i}
          x={1 + (i % 3) * 9}
          y={1 + Math.floor(i / 3) * 9}
          width="8"
          height="8"
          rx="2"
          fill="var(--accent)"
          opacity={opacity}
        />
      ))}
    </svg>
  );
}
