/** A call refused because it would pass a spending cap (docs/costs.md). */
export class BudgetExceededError extends Error {
  readonly code = 'budget_exceeded';
  /** Ids of the blocks still to do when the run halted (set by the pipeline). */
  blocksLeft: string[] = [];
  constructor(
    /** `job` (max_cost) or `client_daily` (the client key's daily budget). */
    readonly cap: 'job' | 'client_daily',
    readonly limitUsd: number,
    readonly spentUsd: number,
    readonly nextCallUsd: number,
  ) {
    super(
      `${cap === 'job' ? 'Job max_cost' : "Client's daily budget"} of $${limitUsd} reached: ` +
        `$${spentUsd.toFixed(6)} spent, the next call would cost about $${nextCallUsd.toFixed(6)}`,
    );
    this.name = 'BudgetExceededError';
  }
}

/**
 * One cap on spending: what was spent before the run, plus what this run's finished calls cost,
 * plus the estimates of its calls still in flight (calls run concurrently, so a check counts what
 * the others are about to cost).
 */
export class SpendLimit {
  private spent: number;
  private reserved = 0;

  constructor(
    readonly cap: 'job' | 'client_daily',
    readonly limitUsd: number,
    spentBeforeUsd: number,
  ) {
    this.spent = spentBeforeUsd;
  }

  /** Whether a call estimated at `estimateUsd` still fits; reserves it when it does. */
  tryReserve(estimateUsd: number): BudgetExceededError | undefined {
    if (this.spent + this.reserved + estimateUsd > this.limitUsd)
      return new BudgetExceededError(
        this.cap,
        this.limitUsd,
        this.spent + this.reserved,
        estimateUsd,
      );
    this.reserved += estimateUsd;
    return undefined;
  }

  /** The call ended: its reservation becomes its measured cost (0 when it gave no answer). */
  settle(estimateUsd: number, actualUsd: number): void {
    this.reserved = Math.max(0, this.reserved - estimateUsd);
    this.spent += actualUsd;
  }
}

/** Every cap of a run; a call goes out only when it fits under all of them. */
export class SpendLimits {
  constructor(private readonly limits: readonly SpendLimit[]) {}

  get empty(): boolean {
    return this.limits.length === 0;
  }

  /** @throws BudgetExceededError of the first cap the call would pass (nothing reserved then). */
  reserve(estimateUsd: number): void {
    const taken: SpendLimit[] = [];
    for (const limit of this.limits) {
      const refusal = limit.tryReserve(estimateUsd);
      if (refusal) {
        for (const t of taken) t.settle(estimateUsd, 0);
        throw refusal;
      }
      taken.push(limit);
    }
  }

  settle(estimateUsd: number, actualUsd: number): void {
    for (const limit of this.limits) limit.settle(estimateUsd, actualUsd);
  }
}
