// A model written from scratch: n processes share a lock around a critical section. The variant
// "no-check" forgets to test that the lock is free, and the checker finds two processes inside.
import { defineModel, intParam } from "../../checker/index.ts";

type State = { readonly holder: number | null; readonly inside: readonly boolean[] };
type Action =
  { readonly kind: "enter"; readonly who: number } | { readonly kind: "leave"; readonly who: number };

export default defineModel({
  name: "tiny-lock",
  family: "examples",
  description: "n processes take a lock around a critical section",
  params: { n: intParam({ min: 1, max: 8, default: 3, description: "processes" }) },
  variants: { "no-check": "enter does not check that the lock is free" },
  configs: [
    { name: "default", params: { n: 3 }, expect: { verdict: "holds" } },
    {
      name: "broken",
      params: { n: 2 },
      variant: "no-check",
      expect: { verdict: "violated", violates: "mutualExclusion" },
    },
  ],
  build: ({ n }, variant) => {
    const everyone = Array.from({ length: n }, (_, who) => who);
    const actions: Action[] = everyone.flatMap((who) => [
      { kind: "enter", who },
      { kind: "leave", who },
    ]);
    const withInside = (s: State, who: number, value: boolean) =>
      s.inside.map((v, i) => (i === who ? value : v));
    return {
      init: () => [{ holder: null, inside: everyone.map(() => false) }],
      actions: () => actions,
      next: (s: State, a: Action): State | null => {
        switch (a.kind) {
          case "enter":
            if (s.inside[a.who]) return null;
            if (s.holder !== null && variant !== "no-check") return null; // null: not enabled here
            return { holder: a.who, inside: withInside(s, a.who, true) };
          case "leave":
            if (!s.inside[a.who]) return null;
            return { holder: null, inside: withInside(s, a.who, false) };
        }
      },
      invariants: [
        {
          name: "mutualExclusion",
          description: "at most one process is in the critical section",
          holds: (s: State) => s.inside.filter(Boolean).length <= 1,
          explain: (s: State) =>
            `${everyone
              .filter((who) => s.inside[who])
              .map((who) => `P${who}`)
              .join(" and ")} are both in the critical section`,
        },
      ],
      formatAction: (a: Action) => `${a.kind}(P${a.who})`,
      actorOf: (a: Action) => `P${a.who}`,
    };
  },
});
