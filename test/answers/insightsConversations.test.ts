import * as path from 'node:path';
import { expect } from 'chai';
import type { BotServices } from '../../src/app';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { buttonsOf, buttonValuesOf, cardOf, startConversation, testBot } from '../helpers/botHarness';
import { tempDir, writeDataSet } from '../data/helpers';
import { KNOWN_NAME, knownRatesDataSet } from '../data/knownRates';

/**
 * The best time to call and week over week through the bot, on the data set with known figures of
 * test/data/knownRates.ts: the figures there are the ones the answers must show, in English and Spanish.
 */
describe('answers: best time to call and week over week', function () {
  this.timeout(30_000);
  let store: SqliteCampaignStore;
  let services: BotServices;
  let cleanup: () => void;

  before(async () => {
    const temp = tempDir('insight-answers-');
    cleanup = temp.cleanup;
    const dbPath = path.join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(temp.dir, 'csv'), knownRatesDataSet()));
    store = await SqliteCampaignStore.open(dbPath);
    services = testBot({ store, campaigns: (await store.listCampaigns()).map(({ id, name }) => ({ id, name })) });
  });
  after(async () => {
    await store.close();
    cleanup();
  });

  /** Intl puts no-break and thin spaces in dates and percents ("Mar 2 – 8", "45 %"); the checks below read them as spaces. */
  const chat = (locale = 'en-US') => {
    const conversation = startConversation({ services, locale });
    return {
      say: async (text: string) =>
        (await conversation.say(text)).map((reply) => ({ ...reply, text: String(reply.text ?? '').replace(/[\u00a0\u2009\u202f]/g, ' ') })),
    };
  };

  it("answers the best time to call: the guide's advice with the windows' rates and calls, best and worst hour and day, thin slots", async () => {
    const [reply] = await chat().say(`what's the best time to call ${KNOWN_NAME}?`);
    expect(reply.text).to.contain('hours in America/New_York');
    expect(reply.text).to.contain('No response is 36% of the calls made');
    expect(reply.text).to.contain('**move calls to 15:00–18:00**: 45% answered (120 calls) vs 25% in 10:00–13:00 (120 calls)');
    expect(reply.text).to.contain('Best hour: **17:00–18:00**, 50% of 40 calls answered; worst: 10:00–11:00, 20% of 40');
    expect(reply.text).to.contain('Best day: **Monday**, 100% of 48 calls answered; worst: Thursday, 0% of 48');
    expect(reply.text).to.contain('Not enough data to rank (fewer than 30 calls): 09:00 (10 calls), Saturday (10 calls)');
    const card = JSON.stringify(cardOf(reply));
    expect(card).to.contain('Best time to call: Known Rates').and.to.contain('15:00–18:00: 45% of 120 calls answered');
    expect(card).to.contain('Answer rate by hour (America/New_York)').and.to.contain('"40 (50%)"');
    expect(buttonsOf(reply)).to.include.members([`Week over week for ${KNOWN_NAME}`, `Weekly analysis for ${KNOWN_NAME}`]);
  });

  it('answers week over week: the shares moving, largest first, and the actions they suggest', async () => {
    const [reply] = await chat().say(`how did ${KNOWN_NAME} change since last week?`);
    expect(reply.text).to.contain('Mar 2 – 8 → Mar 9 – 15 (calls made: 125 → 125)');
    expect(reply.text).to.contain('- No response 48% → 24%\n- Failed 4% → 18%\n- Busy 8% → 14%\n- IVR contact 3% → 6%\n- Completed 37% → 38%');
    expect(reply.text).to.contain('**Failed rose** (4% → 18%): Start a technical review right away');
    expect(reply.text).to.contain('**No response fell** (48% → 24%): keep doing what changed');
    expect(reply.text).to.not.contain('Busy rose');
    expect(JSON.stringify(cardOf(reply))).to.contain('48% → 24% (60 → 30 calls)');
    expect(buttonsOf(reply)).to.include(`Best time to call ${KNOWN_NAME}`);
  });

  it('puts both in the weekly analysis, with buttons for each on its own that work', async () => {
    const conversation = chat();
    const [reply] = await conversation.say(`weekly analysis for ${KNOWN_NAME}`);
    expect(reply.text).to.contain(`Applying the weekly status analysis to **${KNOWN_NAME}**`);
    expect(reply.text).to.contain('**Best time to call:** No response is 36% of the calls made').and.to.contain('**move calls to 15:00–18:00**');
    expect(reply.text).to.contain('**Week over week:** Mar 2 – 8 → Mar 9 – 15').and.to.contain('- No response 48% → 24%');
    const card = JSON.stringify(cardOf(reply));
    expect(card).to.contain('Answer rate by hour').and.to.contain('What the changes suggest');
    const buttons = buttonValuesOf(reply);
    expect(buttons).to.include.members([`Best time to call ${KNOWN_NAME}`, `Week over week for ${KNOWN_NAME}`]);
    const [bestTime] = await conversation.say(`Best time to call ${KNOWN_NAME}`);
    expect(bestTime.text).to.contain('Best hour: **17:00–18:00**');
    const [trend] = await conversation.say(`Week over week for ${KNOWN_NAME}`);
    expect(trend.text).to.contain('- No response 48% → 24%').and.to.not.contain('Best hour');
  });

  it('follows up on the campaign last asked about, and asks which campaign when there is none', async () => {
    const conversation = chat();
    await conversation.say(`how is ${KNOWN_NAME} doing?`);
    const [next] = await conversation.say('and the best time to call?');
    expect(next.text).to.contain('**move calls to 15:00–18:00**');
    const [which] = await chat().say('what is the best time to call?');
    expect(buttonValuesOf(which)).to.include(`Best time to call ${KNOWN_NAME}`);
  });

  it('answers both in Spanish, with Spanish numbers, dates and day names', async () => {
    const [best] = await chat('es-ES').say(`¿a qué hora conviene llamar en ${KNOWN_NAME}?`);
    expect(best.text).to.contain('Sin respuesta es el 36 % de las llamadas realizadas');
    expect(best.text).to.contain('**pasa las llamadas a 15:00–18:00**: 45 % contestadas (120 llamadas) frente al 25 % de 10:00–13:00 (120 llamadas)');
    expect(best.text).to.contain('Mejor día: **lunes**, 100 % de 48 llamadas contestadas; peor: jueves, 0 % de 48');
    expect(best.text).to.contain('09:00 (10 llamadas), sábado (10 llamadas)');
    const [trend] = await chat('es-ES').say(`¿cómo cambió ${KNOWN_NAME} comparado con la semana pasada?`);
    expect(trend.text).to.contain('2–8 mar → 9–15 mar (llamadas realizadas: 125 → 125)');
    expect(trend.text).to.contain('- Sin respuesta 48 % → 24 %');
    expect(trend.text).to.contain('**Fallida subió** (4 % → 18 %): Haz una revisión técnica inmediata');
    expect(buttonsOf(trend)).to.include(`Mejor hora para llamar en ${KNOWN_NAME}`);
  });

  it('says there is not enough data to compare weeks when a week has too few calls', async () => {
    const [reply] = await chat().say('week over week for Half Hour Zone');
    // the latest week ends on the day of the latest call: Tuesday 4 March (00:15 in Kolkata)
    expect(reply.text).to.contain('Not enough data to compare weeks: 0 calls made in Feb 19 – 25 and 95 in Feb 26 – Mar 4; each week needs at least 30.');
  });
});
