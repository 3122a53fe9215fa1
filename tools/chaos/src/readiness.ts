/** A /readyz answer: 200 is ready; anything else, or no answer, is not. */
export interface ReadinessSample {
  at: number;
  ready: boolean;
}

export interface ReadinessPoller {
  /** Stops polling; returns every member's samples, oldest first. */
  stop(): Promise<Map<string, ReadinessSample[]>>;
}

/** Asks every member's /readyz every intervalMs (a member that does not answer within it is not ready). */
export function pollReadiness(members: readonly { label: string; readyUrl: string }[], intervalMs = 100): ReadinessPoller {
  const samples = new Map(members.map((m) => [m.label, [] as ReadinessSample[]]));
  let polling = true;
  const loops = members.map(async (m) => {
    while (polling) {
      const at = Date.now();
      const ready = await fetch(m.readyUrl, { signal: AbortSignal.timeout(intervalMs) }).then(
        (r) => r.ok,
        () => false,
      );
      samples.get(m.label)!.push({ at, ready });
      const wait = at + intervalMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  });
  return {
    async stop() {
      polling = false;
      await Promise.all(loops);
      return samples;
    },
  };
}

export interface UnreadyVerdict {
  readyBefore: boolean;
  /** From then on every sample was unready, to the end of the observation; undefined if it ended ready. */
  unreadySince?: number;
}

/** When a member turned unready for good after the loss at lossAt (a blip that came back ready does not count). */
export function unreadyAfter(samples: readonly ReadinessSample[], lossAt: number): UnreadyVerdict {
  const before = samples.filter((s) => s.at < lossAt);
  const after = samples.filter((s) => s.at >= lossAt);
  const readyBefore = before.at(-1)?.ready ?? false;
  const lastReady = after.findLastIndex((s) => s.ready);
  const since = after[lastReady + 1];
  return since === undefined ? { readyBefore } : { readyBefore, unreadySince: since.at };
}
