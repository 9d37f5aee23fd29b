/** The part of node-nlp (nlp.js v4, a devDependency used only by the NLU benchmark) that nlpPeer.ts uses; it ships no types. */
declare module 'node-nlp' {
  export interface NlpEntity {
    entity: string;
    /** The enum option (our status key) for enum entities. */
    option?: string;
    start: number;
    end: number;
    sourceText?: string;
    accuracy?: number;
    type?: string;
  }

  export interface NlpResult {
    locale: string;
    utterance: string;
    intent: string;
    score: number;
    entities: NlpEntity[];
  }

  export interface NlpManagerSettings {
    languages?: string[];
    forceNER?: boolean;
    autoSave?: boolean;
    autoLoad?: boolean;
    calculateSentiment?: boolean;
    threshold?: number;
    nlu?: Record<string, unknown>;
    ner?: Record<string, unknown>;
  }

  export class NlpManager {
    constructor(settings?: NlpManagerSettings);
    addDocument(locale: string, utterance: string, intent: string): void;
    addNamedEntityText(entityName: string, optionName: string, languages: string[], texts: string[]): void;
    addRegexEntity(entityName: string, languages: string[], regex: RegExp): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
  }
}
