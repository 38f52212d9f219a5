// Many specs spawn the real `check` command or search tens of thousands of states; on a shared,
// busy machine that can take longer than vitest's 5-second default without anything being wrong.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
  },
});
