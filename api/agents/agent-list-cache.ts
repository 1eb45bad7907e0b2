import type { Database } from '../../db/client';
import { agentsChangedChannel } from '../../db/agent-changes';
import type { AgentPage } from './list-agents';

/**
 * Remembers pages of the agent list until the agents change. Every statement that changes
 * `agents`, from any process, rings `eco_agents_changed` at commit (a trigger), and the ring
 * empties the cache; this process's own writes empty it before their responses go out. A read
 * that was running when the cache was emptied is not kept, so a page is never older than the last
 * change this process has heard of. A change committed by another process shows once its
 * notification arrives, about a millisecond later. While the listening connection is down, the
 * cache is bypassed.
 */
export class AgentListCache {
  private readonly pages = new Map<string, AgentPage>();
  /** Bumped by every invalidation; a read keeps its page only if it did not move. */
  private generation = 0;
  private isLive = false;
  private unlisten: (() => Promise<void>) | undefined;

  /** `maxPages` bounds the pages held (default 1,000); the least recently read go first. */
  constructor(private readonly maxPages = 1000) {}

  /** Starts listening for changes; until then, and after `close`, every read goes through. */
  async start(database: Database): Promise<void> {
    this.unlisten = await database.listen(agentsChangedChannel, () => this.invalidate(), {
      onLost: () => {
        this.isLive = false;
        this.invalidate();
      },
      onRestored: () => {
        this.invalidate();
        this.isLive = true;
      },
    });
    this.isLive = true;
  }

  /** Forgets every page. */
  invalidate(): void {
    this.generation += 1;
    this.pages.clear();
  }

  /** The page for `key`, from the cache or from `load`. */
  async read(key: string, load: () => Promise<AgentPage>): Promise<AgentPage> {
    const cached = this.isLive ? this.pages.get(key) : undefined;
    if (cached !== undefined) {
      this.pages.delete(key);
      this.pages.set(key, cached);
      return cached;
    }
    const generation = this.generation;
    const page = await load();
    if (this.isLive && generation === this.generation) {
      this.pages.set(key, page);
      for (const oldest of this.pages.keys()) {
        if (this.pages.size <= this.maxPages) {
          break;
        }
        this.pages.delete(oldest);
      }
    }
    return page;
  }

  /** Pages held now. */
  get size(): number {
    return this.pages.size;
  }

  /** Stops listening and empties the cache; safe to call twice. */
  async close(): Promise<void> {
    this.isLive = false;
    this.invalidate();
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    await unlisten?.();
  }
}
