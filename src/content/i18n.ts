import { readFileSync, readdirSync } from 'node:fs';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { LANGUAGES, type Lang } from '../domain/language';
import { projectPath } from '../platform/paths';

export const NAMESPACES = ['translation', 'kb', 'course', 'lessons'] as const;

/** Reads every locales/<lang>/<namespace>.json file. */
export function loadResources(localesDir = projectPath('locales')): Resource {
  const resources: Resource = {};
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    for (const file of readdirSync(`${localesDir}/${lang}`).filter((f) => f.endsWith('.json'))) {
      resources[lang][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${localesDir}/${lang}/${file}`, 'utf8'));
    }
  }
  return resources;
}

let shared: i18n | undefined;

/** One synchronous i18next instance for the process; `t()` is ready as soon as this returns. */
export function getI18n(): i18n {
  if (!shared) {
    shared = i18next.createInstance();
    shared.init({
      resources: loadResources(),
      lng: 'en',
      fallbackLng: false,
      supportedLngs: [...LANGUAGES],
      ns: [...NAMESPACES],
      defaultNS: 'translation',
      initAsync: false,
      returnNull: false,
      interpolation: { escapeValue: false },
    });
  }
  return shared;
}

export type Translate = TFunction;

const fixed = new Map<Lang, TFunction>();

/**
 * The language's translate function, made once. It calls `i18n.t` with the language rather than using `getFixedT`,
 * whose function copies the instance's whole options object on every call: about 2 KB that lived long enough to be
 * promoted, so a crowd's turns paid a major GC every few seconds for it (and each call cost 4x the time).
 */
export function translator(lang: Lang): TFunction {
  let t = fixed.get(lang);
  if (!t) {
    const i18n = getI18n();
    t = ((key: string | string[], options?: object) => i18n.t(key, { lng: lang, ...options })) as TFunction;
    fixed.set(lang, t);
  }
  return t;
}
