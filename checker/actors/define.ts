// `defineActorModel` turns an actor model into an ordinary model definition. The network and the
// fault budgets become declared parameters, so they are command-line flags (`--network fifo`,
// `--drop 1`, `--crash 1` …), validated like any other, listed by `check --list`, and settable in
// configurations. Faults a model cannot support are left out, with the reason kept for the error.
import type { ModelDefinition } from "../model/contract.ts";
import { defineModel } from "../model/define.ts";
import { boolParam, enumParam, intParam, type ParamSpecs, type ParamValues } from "../model/params.ts";
import { type ActorModelDefinition, NETWORK_KINDS, type NetworkKind } from "./contract.ts";
import { actorMachine, type FaultBudgets } from "./compile.ts";

const FAULT_PARAMS = {
  drop: intParam({ min: 0, max: 16, default: 0, description: "messages the network may lose" }),
  duplicate: intParam({ min: 0, max: 16, default: 0, description: "messages the network may duplicate" }),
  crash: intParam({ min: 0, max: 16, default: 0, description: "processes that may crash" }),
  partitions: intParam({
    min: 0,
    max: 8,
    default: 0,
    description: "times the processes may be split in two and healed",
  }),
} as const;

/** The command-line options that belong to actor models (network and fault budgets). */
export const ACTOR_OPTION_NAMES = [
  "network",
  "drop",
  "duplicate",
  "crash",
  "restart",
  "partitions",
  "byzantine",
] as const;

export function defineActorModel<const P extends ParamSpecs>(
  definition: ActorModelDefinition<P>,
): ModelDefinition {
  const params: ParamSpecs = {
    ...definition.params,
    network: enumParam({
      values: NETWORK_KINDS,
      default: definition.network,
      description: `message delivery (the algorithm assumes ${definition.network})`,
    }),
    ...FAULT_PARAMS,
    ...(definition.recoverable
      ? {
          restart: boolParam({
            default: false,
            description: "crashed processes may restart from their durable state",
          }),
        }
      : {}),
    ...(definition.byzantine
      ? {
          byzantine: intParam({
            min: 0,
            max: 16,
            default: 0,
            description: "processes that may send any message the model allows",
          }),
        }
      : {}),
  };
  const unsupported: Record<string, string> = {};
  if (!definition.recoverable) {
    unsupported.restart = `${definition.name} declares no durable state for its processes, so a crashed process cannot restart`;
  }
  if (!definition.byzantine) {
    unsupported.byzantine = `${definition.name} declares no messages a Byzantine process may send`;
  }
  return defineModel({
    name: definition.name,
    family: definition.family,
    description: definition.description,
    params,
    variants: definition.variants,
    configs: definition.configs,
    unsupportedOptions: unsupported,
    build(values, variant) {
      const v = values as Record<string, number | boolean | string>;
      const budgets: FaultBudgets = {
        drop: v.drop as number,
        duplicate: v.duplicate as number,
        crash: v.crash as number,
        restart: (v.restart as boolean | undefined) ?? false,
        partitions: v.partitions as number,
        byzantine: (v.byzantine as number | undefined) ?? 0,
      };
      const system = definition.build(values as ParamValues<P>, variant);
      return actorMachine(system, v.network as NetworkKind, budgets);
    },
  });
}
