// The board's stylesheet goes into the page once: Dashboard 2.0 loads a widget's UMD script,
// not a CSS file beside it.
export function injectStyle(id: string, css: string): void {
  if (typeof document === 'undefined' || document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.appendChild(style);
}
