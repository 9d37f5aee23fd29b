import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bundleServer } from '../../scripts/bundle';
import { projectPath } from '../../src/platform/paths';
import { answeringPids, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { newConversation, postActivity as postToConversation, StreamClient, userMessage } from '../helpers/directLineClient';
import { messageActivity, postActivity } from '../helpers/httpServer';

// What `npm start` runs is the bundle (scripts/bundle.ts), not the sources the other process tests run under tsx: a
// module the bundler cannot follow would break only the real start. Built here (inside the project, where the bot
// finds its locales and pages) and run by plain node, as a cluster of two, so the worker entry is the bundle too.
describe('npm start: the bundled server (dist/bot.js)', function () {
  this.timeout(120_000);
  const script = projectPath('dist', 'bundle-test', 'bot.js');
  let temp: string;
  let bot: (SpawnedBot & { url: string }) | undefined;

  before(async () => {
    await bundleServer(script);
    temp = mkdtempSync(join(tmpdir(), 'bot-bundle-'));
    bot = await startBot({ WEB_CONCURRENCY: '2', CAMPAIGN_DB: join(temp, 'campaigns.sqlite'), STATE_DB: join(temp, 'state.sqlite'), AUDIT_LOG: join(temp, 'audit.log') }, { script });
    await bot.waitForCount('"event":"cluster.workerListening"', 2);
  });
  after(async () => {
    if (bot) await stopBot(bot);
    rmSync(temp, { recursive: true, force: true });
    rmSync(projectPath('dist', 'bundle-test'), { recursive: true, force: true });
  });

  it('answers in both languages, from the demo data it created, on two workers', async () => {
    const pids = await answeringPids(bot!.url, 2);
    expect(pids.size, bot!.output()).to.equal(2);
    const english = await postActivity(bot!.url, messageActivity('what does busy mean and what should I do?', { channelId: 'webchat' }));
    expect(english.status).to.equal(200);
    expect(english.activities[0]?.text).to.contain('Busy');
    const spanish = await postActivity(bot!.url, messageActivity('¿cuántos contactos tiene Spring Renewals?', { channelId: 'webchat', locale: 'es-MX' }));
    expect(spanish.status).to.equal(200);
    expect(spanish.activities[0]?.text).to.match(/contactos/);
  });

  it('serves the web chat page and the Web Chat script from its package, and a Direct Line stream gets the replies', async () => {
    const page = await fetch(`${bot!.url}/`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.contain('text/html');
    const webChat = await fetch(`${bot!.url}/webchat.js`);
    expect(webChat.status).to.equal(200);
    expect((await webChat.arrayBuffer()).byteLength).to.be.greaterThan(100_000);

    const conversation = await newConversation(bot!.url);
    const stream = await StreamClient.open(conversation.streamUrl);
    try {
      await stream.waitFor((a) => a.type === 'message' && a.from?.role === 'bot');
      const posted = await postToConversation(bot!.url, conversation, userMessage('what does busy mean?'));
      expect(posted.status).to.equal(200);
      const reply = await stream.waitFor((a) => a.replyToId === posted.body.id && a.type === 'message');
      expect(reply.text).to.contain('Busy');
    } finally {
      await stream.close();
    }
  });
});
