/** npm run chat: talk to the same bot in the terminal. CHAT_LOCALE=es-ES starts in Spanish. */
import { ConsoleAdapter } from '../src/channels/consoleAdapter';
import { createBot } from '../src/app';

const { bot } = createBot();
const adapter = new ConsoleAdapter(process.env.CHAT_LOCALE ?? 'en-US');
adapter.onTurnError = async (context, error) => {
  console.error(`[error] ${error.message}`);
  await context.sendActivity('Sorry, something went wrong. / Perdona, algo falló.');
};
if (process.stdin.isTTY) console.log('Type a question (Ctrl+D to quit). Numbers pick a button.');
adapter.listen((context) => bot.run(context)).then(() => process.exit(0));
