import type { Lang } from '../../domain/language';
import { EN } from './en';
import { ES } from './es';
import type { LanguageLexicon } from './types';

export type { LanguageLexicon } from './types';

/** Each language's recognition word lists, registered in one place. */
export const LEXICONS: Record<Lang, LanguageLexicon> = { en: EN, es: ES };
