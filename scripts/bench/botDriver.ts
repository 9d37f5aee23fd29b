/**
 * Drives the real bot turn by turn through botbuilder's TestAdapter, in process: every turn runs the adapter's
 * middleware pipeline, StatusBot (state load, recognition, dialogs, store, answer composition, rendering to an
 * activity with its Adaptive Card, state save), exactly as the tests do, minus HTTP. Each question is a turn of a
 * new conversation with a new user, so no dialog state or follow-up context carries over between questions.
 */
import { TestAdapter, type Activity, type ConversationAccount, type TurnContext } from 'botbuilder';
import { msSince } from './percentiles';

/** What the driver needs of a bot: StatusBot (createBot's `bot`) and any ActivityHandler fit. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface BotTurn {
  /** The message activities the bot sent (traces and typing left out). */
  replies: Partial<Activity>[];
  /** Wall time of the turn, from the adapter receiving the activity to the bot's last send, in ms. */
  ms: number;
  /** The error the turn ended with, if any. */
  error?: Error;
}

export class BotDriver {
  private readonly adapter: TestAdapter;
  private turns = 0;

  constructor(
    bot: TurnHandler,
    private readonly channelId = 'test',
  ) {
    this.adapter = new TestAdapter(async (context) => bot.run(context));
  }

  /** Sends one message, as a new user in a new conversation, and returns the bot's replies and the turn's time. */
  async ask(text: string, locale: string): Promise<BotTurn> {
    const n = ++this.turns;
    const conversation: ConversationAccount = { id: `bench-conversation-${n}`, isGroup: false, conversationType: 'personal', name: '' };
    const activity: Partial<Activity> = {
      type: 'message',
      text,
      locale,
      channelId: this.channelId,
      conversation,
      from: { id: `bench-user-${n}`, name: 'Bench' },
      recipient: { id: 'bot', name: 'Status bot' },
    };
    const queue = this.adapter.activeQueue;
    queue.splice(0);
    const start = process.hrtime.bigint();
    let error: Error | undefined;
    try {
      await this.adapter.receiveActivity(activity);
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
    }
    const ms = msSince(start);
    const replies = queue.splice(0).filter((reply) => reply.type === 'message');
    return error ? { replies, ms, error } : { replies, ms };
  }
}
