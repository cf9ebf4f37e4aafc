/**
 * A cyclic barrier between the collector's concurrent parts (Graph, ARM). Round k+1 of any part
 * starts only when every part has finished round k, so the longest chain of dependent requests is
 * exactly the number of rounds, whichever service answers faster (a part that ran ahead would
 * otherwise start its next round after a slower part's requests and count one deeper).
 */
export class RoundBarrier {
  private arrived = 0;
  private waiting: (() => void)[] = [];

  constructor(private parties: number) {}

  /** Finishes this part's current round; resolves when every remaining part has finished it too. */
  arrive(): Promise<void> {
    const released = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.arrived++;
    this.releaseIfComplete();
    return released;
  }

  /** This part has no more rounds (or failed): the others no longer wait for it. Call once. */
  leave(): void {
    this.parties--;
    this.releaseIfComplete();
  }

  private releaseIfComplete(): void {
    if (this.arrived < this.parties || this.waiting.length === 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    this.arrived = 0;
    for (const resolve of waiting) resolve();
  }
}
