// `check --list`: every model with its parameters, variants and configurations, for people.
import pc from "picocolors";
import { ACTOR_OPTIONS } from "./args.ts";
import {
  describeAccepted,
  describeMeasureExpectations,
  describeModel,
  type ModelDefinition,
} from "../index.ts";

export function listModels(registry: readonly ModelDefinition[]): string {
  const blocks = registry.map((model) => {
    const entry = describeModel(model);
    const lines = [`${pc.bold(entry.name)}  ${pc.dim(entry.family)}`, `  ${entry.description}`];
    for (const p of entry.params) {
      lines.push(
        `  --${p.name}  ${describeAccepted(p)}, default ${p.default}${p.description ? ` — ${p.description}` : ""}`,
      );
    }
    lines.push(`  variants: ${entry.variants.map((v) => v.name).join(", ")}`);
    for (const m of entry.measures) {
      lines.push(`  measure ${m.name} (per ${m.scope})${m.description ? ` — ${m.description}` : ""}`);
    }
    for (const c of entry.configs) {
      const measured = describeMeasureExpectations(c.expect.measures);
      const expect = `${c.expect.verdict === "holds" ? "holds" : `violates ${c.expect.violates}`}${measured ? `, ${measured}` : ""}`;
      const params = Object.entries(c.params)
        .filter(([k, v]) => !ACTOR_OPTIONS.has(k) || model.params[k]?.default !== v)
        .map(([k, v]) => `--${k} ${v}`)
        .join(" ");
      const flags = Object.entries(c.options ?? {}).map(([name, on]) =>
        on ? ` --${name}` : ` --no-${name}`,
      );
      lines.push(
        `  config ${c.name}: ${params}${c.variant === "correct" ? "" : ` --variant ${c.variant}`}${flags.join("")} → ${expect}`,
      );
    }
    return lines.join("\n");
  });
  return blocks.join("\n\n");
}
