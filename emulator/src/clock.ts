/**
 * The emulator's clock. Every time the emulator uses (token lifetimes, createdDateTime, the
 * consistency window, the CA write limit) comes from here, so a test can move time forward
 * instead of sleeping.
 */

/** A clock that follows real time plus an offset the control plane can advance. */
export class EmulatorClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Now, in ms since the epoch. */
  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Now as a Date. */
  date(): Date {
    return new Date(this.now());
  }

  /** Moves the clock forward (or back, with a negative number). */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  /** Sets the clock to an instant; it keeps running from there. */
  set(at: Date): void {
    this.offsetMs = at.getTime() - this.realNow();
  }

  /** How far the clock is ahead of real time, in ms. */
  get offset(): number {
    return this.offsetMs;
  }
}
