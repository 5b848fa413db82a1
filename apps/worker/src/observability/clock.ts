/** The worker's notion of now, injected so decisions and tests never read the system clock directly. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests set by hand. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  set(at: number): void {
    this.current = at;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
