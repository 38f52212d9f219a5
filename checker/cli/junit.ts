// JUnit XML for `check --all --junit FILE`: one testcase per configuration, grouped in one
// testsuite per model; a configuration that did not match is a failure whose body says why and,
// when there is one, shows the trace.
import { PLAIN, renderTrace } from "../index.ts";
import { type ConfigOutcome, describeExpectation, measureWitnesses } from "./all.ts";

export function toJUnit(outcomes: readonly ConfigOutcome[]): string {
  const byModel = new Map<string, ConfigOutcome[]>();
  for (const o of outcomes) byModel.set(o.model, [...(byModel.get(o.model) ?? []), o]);
  const total = (list: readonly ConfigOutcome[]) => list.reduce((sum, o) => sum + o.seconds, 0).toFixed(3);
  const failures = (list: readonly ConfigOutcome[]) => list.filter((o) => !o.matched).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="check --all" tests="${outcomes.length}" failures="${failures(outcomes)}" time="${total(outcomes)}">`,
  ];
  for (const [model, list] of byModel) {
    lines.push(
      `  <testsuite name="${xml(model)}" tests="${list.length}" failures="${failures(list)}" time="${total(list)}">`,
    );
    for (const o of list) {
      const name = `${o.config}: ${describeExpectation(o.expect)}`;
      const open = `    <testcase classname="${xml(model)}" name="${xml(name)}" time="${o.seconds.toFixed(3)}"`;
      if (o.matched) {
        lines.push(`${open}/>`);
        continue;
      }
      const body = [`${o.model} --config ${o.config}: ${o.mismatch}`];
      body.push(...measureWitnesses(o).map((line, i) => (i === 0 ? `\n${line}` : line)));
      const violation = o.result?.violation;
      if (violation && violation.trace.length > 0) {
        body.push(
          "",
          `${violation.kind} ${violation.name}: ${violation.message}`,
          "",
          ...renderTrace(violation.trace, PLAIN, violation.loopStart),
        );
      }
      lines.push(
        `${open}>`,
        `      <failure message="${xml(o.mismatch)}">${xml(body.join("\n"))}</failure>`,
        "    </testcase>",
      );
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
