import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

function breakerWithClock(failureThreshold: number, cooldownMs: number) {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock.now }) };
}

describe('CircuitBreaker', () => {
  it('opens only after the threshold of consecutive failures', () => {
    const { breaker } = breakerWithClock(3, 1_000);
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets one trial at a time through after the cool-down and closes when it succeeds', () => {
    const { clock, breaker } = breakerWithClock(1, 1_000);
    breaker.onFailure();
    clock.now = 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 1_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('re-opens for a whole cool-down when the trial fails', () => {
    const { clock, breaker } = breakerWithClock(5, 100);
    for (let i = 0; i < 5; i++) breaker.onFailure();
    clock.now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    clock.now = 150;
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    clock.now = 249;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 250;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('frees the trial slot when the trial ends without a verdict', () => {
    const { clock, breaker } = breakerWithClock(1, 100);
    breaker.onFailure();
    clock.now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });
});
