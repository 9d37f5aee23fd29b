/** npm run chat: talk to the same bot in the terminal. CHAT_LOCALE=es-ES starts in Spanish. */
import { ConsoleAdapter } from '../src/channels/consoleAdapter';
import { createBot } from '../src/app';
import { openCampaignData } from '../src/campaignData';
import { renderAnswer } from '../src/render/renderAnswer';
import { readConfig } from '../src/config';
import { apologyAnswer } from '../src/core/answers/generalAnswers';
import { resolveLanguage } from '../src/domain/language';

async function main(): Promise<void> {
  const { store, campaigns } = await openCampaignData(readConfig());
  const { bot } = createBot({ store, campaigns });
  const adapter = new ConsoleAdapter(process.env.CHAT_LOCALE ?? 'en-US');
  adapter.onTurnError = async (context, error) => {
    console.error(`[error] ${error.message}`);
    await context.sendActivity(renderAnswer(apologyAnswer(resolveLanguage({ locale: context.activity.locale }).language), context.activity));
  };
  if (process.stdin.isTTY) console.log('Type a question (Ctrl+D to quit). Numbers pick a button.');
  await adapter.listen((context) => bot.run(context));
  await store.close();
}

main().catch((error: unknown) => {
  console.error(String(error));
  process.exit(1);
});
