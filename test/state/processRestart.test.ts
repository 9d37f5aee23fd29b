import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { messageActivity, postActivity } from '../helpers/httpServer';
import { startBotProcess, stopBotProcess, storedRow, tempFolder, type BotProcess } from './helpers';

describe('the bot process keeps state across a crash', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempFolder>;
  let bot: BotProcess | undefined;

  beforeEach(() => {
    temp = tempFolder('state-process-');
  });

  afterEach(async () => {
    if (bot) await stopBotProcess(bot, 'SIGKILL');
    bot = undefined;
    temp.remove();
  });

  const ids = (conversationId: string): Partial<Activity> => ({
    channelId: 'webchat',
    conversation: { id: conversationId } as Activity['conversation'],
    from: { id: 'crash-user', name: 'User' },
  });

  it('continues a clarification after SIGKILL and a restart on the same STATE_DB, and stops cleanly on SIGTERM', async () => {
    const env = { STATE_DB: temp.file('state/bot-state.sqlite'), CAMPAIGN_DB: temp.file('campaigns.sqlite'), AUDIT_LOG: temp.file('audit.log') };
    bot = await startBotProcess(env);
    expect(existsSync(env.STATE_DB)).to.equal(true);
    const asked = await postActivity(bot.url, messageActivity('what does planned mean?', ids('crash-conversation')));
    expect(asked.status).to.equal(200);
    expect(asked.activities[0]?.text).to.contain('can mean more than one thing');
    expect(await stopBotProcess(bot, 'SIGKILL')).to.equal('SIGKILL');

    const row = await storedRow(env.STATE_DB, 'webchat/conversations/crash-conversation/');
    expect(row?.json).to.contain('clarifyDialog');

    bot = await startBotProcess(env);
    const picked = await postActivity(bot.url, messageActivity('2', ids('crash-conversation')));
    expect(picked.activities[0]?.text).to.contain('**Planned** (Campaign status)');
    // "2" alone means nothing to a conversation without the clarification
    const control = await postActivity(bot.url, messageActivity('2', ids('fresh-conversation')));
    expect(control.activities[0]?.text).to.not.contain('**Planned**');

    const running = bot;
    bot = undefined;
    expect(await stopBotProcess(running, 'SIGTERM'), running.output()).to.equal(0);
  });
});
