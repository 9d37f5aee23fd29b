import type { Storage, StoreItems } from 'botbuilder';
import type { StateChange, StateStore } from './stateStore';

/** What the view needs of a state store. */
export type TaggingStore = Pick<StateStore, 'read' | 'writeTagged' | 'delete'>;

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The bot's view of its state store, as botbuilder's `Storage`. botbuilder's BotState.saveChanges (4.23) sets
 * `eTag = '*'` before it writes, so two turns of one conversation in two processes would silently overwrite each
 * other. This view remembers the eTag each item object it handed out (or wrote) carries, and when that same object
 * comes back with `'*'` or none, writes it with that eTag: the later of two racing turns gets an ETagConflictError
 * instead of erasing the other's state. An object it never saw (the first state of a new conversation) is written as
 * given: last writer wins there.
 */
export class CompareAndSetStorage implements Storage {
  private readonly seenWith = new WeakMap<Item, string>();

  constructor(private readonly inner: TaggingStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    for (const item of Object.values(items)) {
      if (isItem(item) && typeof item.eTag === 'string') this.seenWith.set(item, item.eTag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const given = Object.entries(changes as Record<string, unknown>);
    const sent: Record<string, StateChange> = {};
    for (const [key, item] of given) {
      const seen = isItem(item) ? this.seenWith.get(item) : undefined;
      // an item that is no object goes on as it is, for the store to refuse
      sent[key] = seen !== undefined && isItem(item) && (item.eTag === '*' || !item.eTag) ? { ...item, eTag: seen } : (item as StateChange);
    }
    const tags = await this.inner.writeTagged(sent);
    for (const [key, item] of given) {
      const tag = tags[key];
      if (isItem(item) && tag !== undefined) this.seenWith.set(item, tag);
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}
