// Progress on stderr while a search runs: a live line that rewrites itself on a terminal, plain
// lines (one about every second) when stderr is a file or a CI log.
import type { Progress } from "../index.ts";

const count = (n: number) => Math.round(n).toLocaleString("en-US");

export function describeProgress(p: Progress): string {
  return `${count(p.generatedStates)} states · ${count(p.distinctStates)} distinct · queue ${count(p.queued)} · depth ${p.depth} · ${count(p.statesPerSecond)} states/s · ${p.seconds.toFixed(0)} s`;
}

export class ProgressLine {
  private live = false;

  constructor(private readonly stream: { write(text: string): unknown; readonly isTTY?: boolean }) {}

  show(progress: Progress): void {
    this.showText(describeProgress(progress));
  }

  showText(text: string): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.live = true;
    } else {
      this.stream.write(`progress: ${text}\n`);
    }
  }

  /** Clears a live line so that the summary starts on a clean line. */
  done(): void {
    if (this.live) this.stream.write("\r\x1b[2K");
    this.live = false;
  }
}
