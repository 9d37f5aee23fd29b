import { expect } from 'chai';
import { loadResources } from '../../src/content/i18n';

type Tree = Record<string, unknown>;

/** Every leaf path of a resource tree; arrays count as leaves (their items are checked for emptiness). */
function leafPaths(tree: Tree, prefix = ''): Map<string, unknown> {
  const paths = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [p, v] of leafPaths(value as Tree, path)) paths.set(p, v);
    else paths.set(path, value);
  }
  return paths;
}

/** i18next plural forms differ by language (Spanish has "many"); parity is on the key without its plural suffix. */
const withoutPlural = (path: string): string => path.replace(/_(zero|one|two|few|many|other)$/, '');

function leafKeys(tree: Tree): Set<string> {
  return new Set([...leafPaths(tree).keys()].map(withoutPlural));
}

describe('i18n parity', () => {
  const resources = loadResources();
  const namespaces = new Set([...Object.keys(resources.en), ...Object.keys(resources.es)]);

  for (const ns of namespaces) {
    it(`namespace "${ns}" has the same keys in English and Spanish`, () => {
      const en = leafKeys((resources.en[ns] ?? {}) as Tree);
      const es = leafKeys((resources.es[ns] ?? {}) as Tree);
      const onlyEn = [...en].filter((k) => !es.has(k));
      const onlyEs = [...es].filter((k) => !en.has(k));
      expect(onlyEn, 'keys only in English').to.deep.equal([]);
      expect(onlyEs, 'keys only in Spanish').to.deep.equal([]);
    });

    it(`namespace "${ns}" has no empty strings or lists`, () => {
      for (const lang of ['en', 'es'] as const) {
        for (const [path, value] of leafPaths((resources[lang][ns] ?? {}) as Tree)) {
          const empty = Array.isArray(value) ? value.length === 0 || value.some((item) => typeof item !== 'string' || !item.trim()) : typeof value !== 'string' || !value.trim();
          expect(empty, `${lang}:${ns}:${path} is empty`).to.equal(false);
        }
      }
    });

    it(`namespace "${ns}" uses the same interpolation variables in both languages`, () => {
      const en = leafPaths((resources.en[ns] ?? {}) as Tree);
      const es = leafPaths((resources.es[ns] ?? {}) as Tree);
      const vars = (value: unknown): string[] => [...String(value).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [path, value] of en) if (es.has(path)) expect(vars(es.get(path)), path).to.deep.equal(vars(value));
    });
  }
});
