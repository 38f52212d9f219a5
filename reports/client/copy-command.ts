// The copy button of the header, which every report has, with or without a trace. The clipboard
// API needs a secure context, which a file opened from disk may not be: then the command is
// selected and copied the old way, and if even that fails the button asks the reader to do it.
import { byId } from "./dom.ts";

export function wireCopyButton(): void {
  const copyButton = byId("copy-command", HTMLElement);
  const commandEl = byId("command", HTMLElement);
  if (!copyButton || !commandEl) return;
  copyButton.addEventListener("click", () => {
    const text = commandEl.textContent || "";
    const done = (ok: boolean) => {
      copyButton.textContent = ok ? "Copied" : "Select and copy";
      setTimeout(() => {
        copyButton.textContent = "Copy";
      }, 1600);
    };
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(commandEl);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      done(ok);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => done(true), fallback);
    } else fallback();
  });
}
