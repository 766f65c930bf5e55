import { describe, expect, it } from 'vitest';
import { ApiException } from '../http/api.exception';
import { RateLimiter } from './rate-limiter';

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function refusal(take: () => void): ApiException {
  try {
    take();
  } catch (error) {
    return error as ApiException;
  }
  throw new Error('expected a refusal');
}

describe('RateLimiter', () => {
  it('lets perMinute requests through and refuses the next with 429 and Retry-After', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now });
    for (let i = 0; i < 5; i++) limiter.take('user:a', 5);
    const error = refusal(() => limiter.take('user:a', 5));
    expect(error).toBeInstanceOf(ApiException);
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('rate_limited');
    expect(error.headers['Retry-After']).toBe(String(error.params.seconds));
    expect(Number(error.params.seconds)).toBeGreaterThanOrEqual(1);
    expect(Number(error.params.seconds)).toBeLessThanOrEqual(120);
  });

  it('counts each key on its own', () => {
    const limiter = new RateLimiter({ now: fakeClock().now });
    limiter.take('user:a', 1);
    expect(() => limiter.take('user:b', 1)).not.toThrow();
    expect(() => limiter.take('user:a', 1)).toThrow(ApiException);
  });

  it('never limits when perMinute is 0', () => {
    const limiter = new RateLimiter({ now: fakeClock().now });
    for (let i = 0; i < 10_000; i++) limiter.take('user:a', 0);
    expect(limiter.size).toBe(0);
  });

  it('allows again once the Retry-After it gave has passed', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now });
    for (let i = 0; i < 10; i++) {
      limiter.take('user:a', 10);
      clock.advance(1_000);
    }
    const { seconds } = refusal(() => limiter.take('user:a', 10)).params;
    clock.advance(Number(seconds) * 1000 - 1_000);
    expect(() => limiter.take('user:a', 10)).toThrow(ApiException);
    clock.advance(1_000);
    expect(() => limiter.take('user:a', 10)).not.toThrow();
  });

  it('slides: a burst at the end of one minute still counts early in the next', () => {
    const clock = fakeClock(Date.UTC(2026, 0, 5, 9, 0, 50));
    const limiter = new RateLimiter({ now: clock.now });
    for (let i = 0; i < 60; i++) limiter.take('user:a', 60);
    clock.advance(15_000); // 09:01:05 — the previous minute's 60 still weigh 55/60: room for 5
    for (let i = 0; i < 5; i++) limiter.take('user:a', 60);
    expect(() => limiter.take('user:a', 60)).toThrow(ApiException);
    clock.advance(50_000); // 09:01:55 — they weigh 5/60: 5 + 5 used, room for 50
    for (let i = 0; i < 50; i++) limiter.take('user:a', 60);
    expect(() => limiter.take('user:a', 60)).toThrow(ApiException);
  });

  it('forgets keys idle for two minutes, so memory follows the active callers', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now });
    for (let i = 0; i < 1_000; i++) limiter.take(`user:${i}`, 10);
    expect(limiter.size).toBe(1_000);
    clock.advance(180_000);
    limiter.take('user:new', 10);
    expect(limiter.size).toBe(1);
  });

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ now: clock.now, maxKeys: 3 });
    limiter.take('user:a', 1);
    limiter.take('user:b', 1);
    limiter.take('user:c', 1);
    limiter.take('user:d', 1);
    expect(limiter.size).toBe(3);
    expect(() => limiter.take('user:a', 1)).not.toThrow(); // forgotten, so counted afresh
    expect(() => limiter.take('user:d', 1)).toThrow(ApiException);
  });
});
