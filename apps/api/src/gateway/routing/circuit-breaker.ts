export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses requests before one trial is let through. */
  cooldownMs: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

/**
 * A per-deployment circuit breaker on this replica: closed → open after `failureThreshold` consecutive failures →
 * after `cooldownMs`, half-open: one trial request at a time; its success closes the circuit, its failure re-opens it
 * for another `cooldownMs`.
 *
 * Every admitted request ends with exactly one of `onSuccess()`, `onFailure()` or `release()` (the attempt said
 * nothing about the deployment's health: the user stopped it, a 429, a request the deployment refused as invalid).
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a request may go to the deployment now; a half-open circuit admits one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The deployment answered: the circuit closes and the failure count starts again. */
  onSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  /** The deployment failed: opens the circuit at the threshold, or at once when this was the half-open trial. */
  onFailure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
    this.trialInFlight = false;
  }

  /** The admitted request ended without telling anything about the deployment's health: frees the trial slot. */
  release(): void {
    this.trialInFlight = false;
  }
}
