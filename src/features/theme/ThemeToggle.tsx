// Switches between the light and dark theme and remembers the choice.

import { MoonIcon, SunIcon } from '../../components/icons';
import { useApp } from '../../store/context';
import { saveTheme } from './theme';

export function ThemeToggle() {
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="btn btn-quiet btn-icon"
      aria-label={`Switch to the ${next} theme`}
      title={`Switch to the ${next} theme`}
      data-testid="theme-toggle"
      aria-pressed={theme === 'dark'}
      onClick={() => {
        saveTheme(next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}
