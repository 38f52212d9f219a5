// The file a worker thread starts from: plain JavaScript, so that it runs under any loader, which
// registers tsx for the TypeScript sources (the checker's and the model's) and starts the worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
