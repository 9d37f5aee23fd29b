import { expect } from 'chai';
import { ENTRY_LIST_FIELDS, ENTRY_TEXT_FIELDS, guideContent, statusEntry } from '../../src/content/knowledgeBase';
import { LANGUAGES } from '../../src/domain/language';
import { loadResources } from '../../src/content/i18n';
import { RELATED } from '../../src/content/relatedStatuses';
import { STATUS_GROUPS, STATUS_KEYS, isStatusKey } from '../../src/domain/statusKeys';
import { normalize } from '../../src/nlu/normalize';

/** The contract's status keys, written out again so a key dropped from the code fails here. */
const CONTRACT_KEYS = [
  'completed', 'new', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled',
  'bad_connection', 'number_of_calls',
  'draft', 'planned', 'in_progress', 'paused', 'finished',
  'another_attempt_scheduled', 'completed_without_answer', 'not_dialed', 'plan_limit_exceeded',
  'final_result', 'do_not_call', 'recall', 'roll_to_campaign', 'operator_intercept', 'drop_hang_up', 'fax_modem',
];

describe('knowledge base', () => {
  it('covers every status key of the contract', () => {
    for (const key of CONTRACT_KEYS) expect(isStatusKey(key), key).to.equal(true);
  });

  it('has no entry in the locale files that the code does not know, and the reverse', () => {
    const resources = loadResources();
    for (const lang of LANGUAGES) {
      const keys = Object.keys((resources[lang].kb as { status: object }).status).sort();
      expect(keys, lang).to.deep.equal([...STATUS_KEYS].sort());
    }
  });

  for (const lang of LANGUAGES) {
    for (const key of STATUS_KEYS) {
      it(`${lang}: "${key}" has every field`, () => {
        const entry = statusEntry(key, lang);
        for (const field of ENTRY_TEXT_FIELDS) expect(entry[field].trim(), `${lang} ${key}.${field}`).to.not.equal('');
        for (const field of ENTRY_LIST_FIELDS) expect(entry[field], `${lang} ${key}.${field}`).to.be.an('array').that.is.not.empty;
        expect(entry.related.length, `${key} related`).to.be.greaterThan(0);
      });
    }
  }

  it('relates entries only to entries that exist, never to themselves', () => {
    for (const [key, related] of Object.entries(RELATED)) {
      for (const other of related) {
        expect(isStatusKey(other), `${key} -> ${other}`).to.equal(true);
        expect(other).to.not.equal(key);
      }
    }
  });

  it('uses the Spanish guide terminology for the eight call states', () => {
    const titles = STATUS_GROUPS.call_state.map((key) => statusEntry(key, 'es').title);
    expect(titles).to.deep.equal(['Completada', 'Nueva', 'Fallida', 'Ocupado', 'Sin respuesta', 'Contacto IVR', 'Número incorrecto', 'Cancelada']);
  });

  it('gives no alias to two entries, except the deliberate planned/queued-call overlap', () => {
    const owners = new Map<string, Set<string>>();
    for (const lang of LANGUAGES) {
      for (const key of STATUS_KEYS) {
        const entry = statusEntry(key, lang);
        for (const phrase of [entry.title, ...entry.aliases]) {
          const folded = normalize(phrase);
          owners.set(folded, (owners.get(folded) ?? new Set()).add(key));
        }
      }
    }
    const shared = [...owners].filter(([, keys]) => keys.size > 1).map(([alias, keys]) => `${alias}: ${[...keys].sort().join('/')}`).sort();
    expect(shared).to.deep.equal(['planificada: new/planned', 'planned: new/planned', 'programada: new/planned']);
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: carries the guide's weekly routine, critical-status actions and practical examples`, () => {
      const guide = guideContent(lang);
      expect(guide.weekly.steps).to.have.length(4);
      expect(Object.keys(guide.critical).sort()).to.deep.equal(['failed', 'incorrect_number', 'ivr', 'no_response']);
      expect(Object.keys(guide.examples).sort()).to.deep.equal(['collections', 'sales', 'support']);
      expect(guide.examples.sales).to.match(/40\s?%/);
      expect(guide.examples.sales).to.match(/25\s?%/);
      expect(guide.examples.collections).to.match(/60\s?%/);
      expect(guide.examples.support).to.match(/35\s?%/);
      expect(guide.strategicValue.decisions).to.have.length(4);
      expect(guide.strategicValue.improvement).to.have.length(4);
    });

    it(`${lang}: keeps the source facts that answers depend on`, () => {
      expect(statusEntry('bad_connection', lang).meaning + statusEntry('bad_connection', lang).details.join(' ') + statusEntry('bad_connection', lang).example).to.match(/1[.,]600/);
      expect(statusEntry('final_result', lang).meaning + statusEntry('final_result', lang).details.join(' ')).to.match(/reload|recarg/i);
      const paused = [statusEntry('paused', lang).meaning, ...statusEntry('paused', lang).details, statusEntry('paused', lang).action].join(' ');
      expect(paused).to.match(/minut/i);
      expect(paused).to.match(/support|soporte/i);
      const finished = [statusEntry('finished', lang).meaning, ...statusEntry('finished', lang).details].join(' ');
      expect(finished).to.match(/delet|elimin/i);
      expect(finished).to.match(/Dialog|Diálogo/i);
    });
  }
});
