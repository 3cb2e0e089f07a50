/**
 * Kiosk lockdown in the page (README "Deploying a terminal"): a capture-phase handler swallows the
 * browser's keyboard shortcuts before Chromium acts on them (in an --app window no accelerator is
 * reserved, so a prevented keydown is never a browser command): new window/tab (Ctrl+N/T), close
 * (Ctrl+W, Alt+F4), print (Ctrl+P), open file (Ctrl+O), history (Alt+←/→), reload (F5), full
 * screen (F11), DevTools (F12, Ctrl+Shift+I/J/C), zoom, find, view source, and the context menu.
 * Ctrl with A/C/V/X/Y/Z and the editing keys stays, for a keyboard plugged in at a counter.
 * Kept tiny: it is in the first JS chunk. The managed policy and the launcher close the rest.
 */
const editing = /^([acvxyz]|Backspace|Delete|Arrow\w+|Home|End|Shift|Control|Meta)$/i;

export function blockedShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  if (/^(F\d+|Browser\w+|ContextMenu|Print|Help)$/.test(e.key)) return true;
  if (e.altKey) return e.key !== 'Alt' && e.key !== 'AltGraph';
  return (e.ctrlKey || e.metaKey) && !editing.test(e.key);
}

export function installLockdown(target: Window = window): void {
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  target.addEventListener('keydown', (e) => blockedShortcut(e) && swallow(e), { capture: true });
  target.addEventListener('contextmenu', swallow, { capture: true });
}
