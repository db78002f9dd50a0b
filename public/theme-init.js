// Sets the theme before the first paint (src/features/theme/theme.ts keeps it afterwards). A
// classic script loaded from this origin, not inline, so the Content Security Policy can forbid
// inline scripts.
try {
  const saved = localStorage.getItem('gan-playground-theme');
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme =
    saved === 'light' || saved === 'dark' ? saved : dark ? 'dark' : 'light';
} catch {
  // Storage refused (private mode, sandboxed frame): the stylesheet's default theme applies.
}
