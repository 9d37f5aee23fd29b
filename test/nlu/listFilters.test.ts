import { expect } from 'chai';
import type { ListFilters } from '../../src/domain/recognition';
import { readListFilters } from '../../src/nlu/entities/listFilters';
import { normalize } from '../../src/nlu/normalize';

describe('list filters', () => {
  const cases: [string, ListFilters][] = [
    ['which contacts are flagged bad', { conditions: ['flagged_bad'] }],
    ['contacts with no attempts left', { conditions: ['no_attempts_left'] }],
    ["who hasn't been called yet", { conditions: ['never_called'] }],
    ['contacts called at least 3 times', { conditions: ['min_calls'], minCalls: 3 }],
    ['contacts with 4 or more calls', { conditions: ['min_calls'], minCalls: 4 }],
    ['called more than 2 times', { conditions: ['min_calls'], minCalls: 3 }],
    ['contactos marcados como malos', { conditions: ['flagged_bad'] }],
    ['contactos sin intentos restantes', { conditions: ['no_attempts_left'] }],
    ['quiénes no se han llamado', { conditions: ['never_called'] }],
    ['contactos con más de 2 llamadas', { conditions: ['min_calls'], minCalls: 3 }],
    ['al menos 5 intentos', { conditions: ['min_calls'], minCalls: 5 }],
    ['which campaign has the most failed calls', { conditions: [], order: 'most' }],
    ['la campaña con menor tasa de respuesta', { conditions: [], order: 'least' }],
    ['3 contacts in Spring Renewals', { conditions: [] }],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}"`, () => {
      expect(readListFilters(normalize(text).split(' '))).to.deep.equal(expected);
    });
  }
});
