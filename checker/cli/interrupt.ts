// Ctrl-C. The terminal sends SIGINT to its whole foreground process group, and a parent that
// forwards signals sends the same one again a moment later: npm and npx do so to the command they
// run, and `check --all` to the runs it spawns. Taken for a second Ctrl-C, that echo would end a
// run at once, without its output or its --json file (exit 130 instead of 3). A SIGINT this soon
// after the first is the same keypress.
const ECHO_MS = 250;

/**
 * Calls `first` on the first Ctrl-C and `again` on each later one. The returned function stops
 * listening; an echo of the first Ctrl-C that arrives after that is still swallowed, so that a run
 * that stopped at once is not killed while it writes what it found.
 */
export function onInterrupt(first: () => void, again: () => void = () => {}): () => void {
  let firstAt: number | undefined;
  const listener = () => {
    const now = performance.now();
    if (firstAt === undefined) {
      firstAt = now;
      first();
    } else if (now - firstAt > ECHO_MS) {
      again();
    }
  };
  process.on("SIGINT", listener);
  return () => {
    process.off("SIGINT", listener);
    if (firstAt === undefined) return;
    const left = ECHO_MS - (performance.now() - firstAt);
    if (left <= 0) return;
    const swallow = () => {};
    process.on("SIGINT", swallow);
    setTimeout(() => process.off("SIGINT", swallow), left).unref();
  };
}
