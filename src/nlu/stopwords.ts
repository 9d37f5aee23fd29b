import type { Lang } from '../domain/language';

/**
 * Deliberately short lists: question words ("why", "how", "cuantos") and negations carry intent here, so only
 * articles, auxiliaries and fillers are dropped. Words are in folded form (no accents).
 */
export const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    'a an the is are was were be been being am its it this that these those of to in on at for by with from as or and but so then there here my our your their his her me us them please pls plz hey um uh just really very some any can could would will shall may might s'.split(' '),
  ),
  es: new Set(
    'el la los las un una unos unas lo le les de del al a en con por para y o u e ni que es son era fue ser esta estan este esto esta estos estas ese esa eso esos esas mi mis tu tus su sus nos se me te ya pues eh oye porfa porfavor favor muy'.split(' '),
  ),
};
