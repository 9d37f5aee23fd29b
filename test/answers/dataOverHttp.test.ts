import * as path from 'node:path';
import { expect } from 'chai';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import type { RunningServer } from '../../src/server';
import { tempDir, writeDataSet, type DataSet } from '../data/helpers';
import { messageActivity, postActivity, readableText, startTestServer } from '../helpers/httpServer';

/** 20 contacts with known outcomes, so every figure in the replies can be checked by hand. */
function knownDataSet(): DataSet {
  const contacts: DataSet['contacts'] = [];
  const attempts: DataSet['attempts'] = [];
  const plan: [string, string[]][] = [
    ...Array.from({ length: 6 }, (): [string, string[]] => ['completed', ['completed']]),
    ...Array.from({ length: 4 }, (): [string, string[]] => ['bad', ['busy', 'no_response']]),
    ...Array.from({ length: 4 }, (): [string, string[]] => ['no_response', ['no_response']]),
    ...Array.from({ length: 3 }, (): [string, string[]] => ['incorrect', ['incorrect_number']]),
    ...Array.from({ length: 3 }, (): [string, string[]] => ['new', []]),
  ];
  plan.forEach(([, results], i) => {
    const id = `K-${i + 1}`;
    contacts.push([id, 'CMP-K', `Person ${i + 1}`, `+34 600 000 ${String(100 + i)}`]);
    results.forEach((result, j) => attempts.push([`KA-${i + 1}-${j + 1}`, id, `2025-05-0${j + 5}T1${j}:00:00+02:00`, result, '', '']));
  });
  return { campaigns: [['CMP-K', 'Campaña Kilo', 'paused', 3, 2, 'system_failure', '', '', 'Europe/Madrid']], contacts, attempts };
}

describe('answers from campaign data over HTTP (real server, real SQLite file)', () => {
  let server: RunningServer;
  let store: SqliteCampaignStore;
  let cleanup: () => void;

  before(async () => {
    const temp = tempDir('http-data-');
    cleanup = temp.cleanup;
    const dbPath = path.join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(temp.dir, 'csv'), knownDataSet()));
    store = await SqliteCampaignStore.open(dbPath);
    server = await startTestServer({}, { store, campaigns: [{ id: 'CMP-K', name: 'Campaña Kilo' }] });
  });
  after(async () => {
    await server.close();
    await store.close();
    cleanup();
  });

  const ask = async (text: string, locale = 'en-US'): Promise<string> => {
    const { status, activities } = await postActivity(server.url, messageActivity(text, { channelId: 'webchat', locale }));
    expect(status).to.equal(200);
    // Web Chat shows cards: the text is the lead sentence, the card the rest; the test reads both
    return readableText(activities.find((a) => a.type === 'message') ?? {});
  };

  it('gives the campaign summary with the right counts, shares and pause advice', async () => {
    const text = await ask('how is campana kilo doing?');
    expect(text).to.contain('**Campaña Kilo** is **Paused**. 20 contacts');
    expect(text).to.contain('Completed 6 (30%)').and.to.contain('New 3 (15%)').and.to.contain('No response 8 (40%)').and.to.contain('Incorrect number 3 (15%)');
    expect(text).to.contain('system failure').and.to.contain('contact technical support');
    // the card's facts
    expect(text).to.contain('Flagged bad: 4 (20%)');
    expect(text).to.contain('Contacts with attempts left: 11');
    expect(text).to.contain('Calls made: 21');
  });

  it('gives the weekly analysis with the critical statuses that stand out', async () => {
    const text = await ask('análisis semanal de Campaña Kilo', 'es-ES');
    expect(text).to.contain('(20 contactos)');
    expect(text).to.match(/\*\*Sin respuesta: 47\s?%\*\* \(8 contactos\)/);
    expect(text).to.match(/\*\*Número incorrecto: 18\s?%\*\* \(3 contactos\)/);
  });

  it('answers about one contact, by id and by phone, with masked numbers', async () => {
    const why = await ask('why is K-7 flagged bad?');
    expect(why).to.contain('**Yes: K-7**').and.to.contain('2 of its 2 calls ended unreachable');
    const attempts = await ask('how many attempts remain for +34 600 000 106?');
    expect(attempts).to.contain('**K-7**').and.to.contain('**2 calls** of a maximum of 3: **1 attempt remaining**');
    expect(attempts).to.contain('••• 0106').and.to.not.contain('600 000 106');
  });
});
