// `defineActorModel` turns an actor model into an ordinary model definition. The network and the
// fault budgets become declared parameters, so they are command-line flags (`--network fifo`,
// `--drop 1`, `--crash 1` …), validated like any other, listed by `check --list`, and settable in
// configurations. Faults a model cannot support are left out, with the reason kept for the error.
import type { ModelDefinition, VariantName } from "../model/contract.ts";
import { defineModel } from "../model/define.ts";
import { boolParam, enumParam, intParam, type ParamSpecs, type ParamValues } from "../model/params.ts";
import {
  type ActorModelDefinition,
  type ActorParamValues,
  type ActorSystem,
  type AnyActorSystem,
  NETWORK_KINDS,
  type WithActorParams,
} from "./contract.ts";
import { type ActorMachine, actorMachine } from "./compile.ts";
import type { FaultBudgets } from "./fault-budgets.ts";

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

/** The local state type of a system (the union over its processes). */
type SystemLocal<S> = S extends ActorSystem<infer L, unknown> ? L : never;
/** The message type of a system. */
type SystemMessage<S> = S extends ActorSystem<unknown, infer M> ? M : never;

/**
 * An actor model as a model definition: its parameters include the network and fault budgets, and
 * its machine is typed, so that a model built on another (a wrapper that rewrites states) reads
 * both without casts.
 */
export interface ActorModel<P extends ParamSpecs, L, M, V extends string = string> extends ModelDefinition<
  WithActorParams<P>,
  V
> {
  build(params: ParamValues<WithActorParams<P>>, variant: VariantName<V>): ActorMachine<L, M>;
}

export function defineActorModel<
  const P extends ParamSpecs,
  S extends AnyActorSystem,
  const V extends string = never,
>(definition: ActorModelDefinition<P, S, V>): ActorModel<P, SystemLocal<S>, SystemMessage<S>, V> {
  const params: WithActorParams<P> = {
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
  const model: ActorModel<P, SystemLocal<S>, SystemMessage<S>, V> = {
    name: definition.name,
    family: definition.family,
    description: definition.description,
    params,
    variants: definition.variants,
    configs: definition.configs,
    unsupportedOptions: unsupported,
    build(values, variant) {
      // `restart` and `byzantine` are declared only when the model supports them (above).
      const v: ActorParamValues<P> = values;
      const budgets: FaultBudgets = {
        drop: v.drop,
        duplicate: v.duplicate,
        crash: v.crash,
        restart: v.restart ?? false,
        partitions: v.partitions,
        byzantine: v.byzantine ?? 0,
      };
      const system: ActorSystem<SystemLocal<S>, SystemMessage<S>> = definition.build(v, variant);
      return actorMachine(system, v.network, budgets);
    },
  };
  defineModel(model);
  return model;
}
