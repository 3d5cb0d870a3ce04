// A typed fan-out of SupervisorEvents; one listener's failure never reaches the call that emitted.
import type { SupervisorEvent } from '../../shared/types.js';

export type EventListener = (event: SupervisorEvent) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly log: (line: string) => void) {}

  get active(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log(`An event listener failed: ${(error as Error).message}`);
      }
    }
  }
}
