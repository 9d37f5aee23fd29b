import { createInterface, type Interface } from 'node:readline';
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

type Logic = (context: TurnContext) => Promise<void>;

/** Markdown bold to terminal bold, when the terminal shows it. */
function terminalText(text: string, color: boolean): string {
  return text.replace(/\*\*(.+?)\*\*/g, color ? '\u001b[1m$1\u001b[22m' : '$1');
}

/**
 * A Bot Framework adapter for the terminal (after the BotBuilder samples' console adapter): each line typed is a
 * message activity; replies print as text, with their buttons numbered so typing the number taps one.
 */
export class ConsoleAdapter extends BotAdapter {
  private lastButtons: string[] = [];
  private nextId = 0;
  private readonly color = Boolean(process.stdout.isTTY);
  private readonly reference: ConversationReference = {
    channelId: 'console',
    serviceUrl: 'console://local',
    user: { id: 'console-user', name: 'You' },
    bot: { id: 'bot', name: 'Status bot' },
    conversation: { id: 'console', isGroup: false, conversationType: 'personal', name: 'console' },
  };

  constructor(private readonly locale: string) {
    super();
  }

  /** Sends the welcome, then reads lines until the input ends. */
  async listen(logic: Logic, input: NodeJS.ReadableStream = process.stdin): Promise<void> {
    await this.receive({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'console-user', name: 'You' }] }, logic);
    const lines: Interface = createInterface({ input, terminal: false });
    for await (const line of lines) {
      const picked = /^\s*(\d+)\s*$/.exec(line);
      const text = picked && this.lastButtons[Number(picked[1]) - 1] ? this.lastButtons[Number(picked[1]) - 1] : line;
      if (picked && text !== line) console.log(`> ${text}`);
      await this.receive({ type: ActivityTypes.Message, text }, logic);
    }
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const activity of activities) {
      if (activity.type !== ActivityTypes.Message) continue;
      if (activity.text) console.log(`\n${terminalText(activity.text, this.color)}`);
      const buttons = (activity.suggestedActions?.actions ?? []).map((action) => String(action.value));
      if (buttons.length) {
        this.lastButtons = buttons;
        console.log('\n' + buttons.map((text, i) => `  [${i + 1}] ${text}`).join('\n'));
      }
      console.log('');
    }
    return activities.map(() => ({ id: String(this.nextId++) }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('The console cannot edit a printed message.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The console cannot delete a printed message.');
  }

  async continueConversation(): Promise<void> {
    throw new Error('The console has no proactive messages.');
  }

  private async receive(partial: Partial<Activity>, logic: Logic): Promise<void> {
    const activity = {
      ...TurnContext.applyConversationReference({ id: String(this.nextId++), timestamp: new Date(), locale: this.locale }, this.reference, true),
      ...partial,
    } as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
