import type { Logger } from "@sunseo/logger";
import type { FaultConfig } from "./faults.js";
import type { PendingWork } from "./pending-work.js";
import type { PushTarget } from "./pusher.js";
import type { Random } from "./rng.js";
import type { SimState } from "./state.js";
import type { Tokens } from "./tokens.js";

/** What the simulator's parts share: built once by startSimulator, handed to each. */
export interface SimContext {
  /** The gateway account messages must name. */
  account: string;
  state: SimState;
  tokens: Tokens;
  work: PendingWork;
  random: Random;
  logger: Logger;
  /** The current fault configuration (replaced through configure() or POST /sim/faults). */
  faults(): FaultConfig;
  setFaults(faults: FaultConfig): void;
  /** One sequence for messagekeys and msgids, so a seeded run replays the same keys. */
  nextSeq(): number;
  /** Where reports go; undefined when no webhook is configured. */
  pushTarget(): PushTarget | undefined;
}
