import type { CampaignRef } from '../domain/recognition';

/**
 * The demo data set's campaigns (data/demo/campaigns.csv) as the recognizer knows them when no database is at hand:
 * the evaluation, the benchmarks and the tests. Each name stands for itself.
 */
export const DEMO_CAMPAIGN_NAMES = ['Spring Renewals', 'Cobranza Marzo', 'Summer Upsell', 'Encuesta de Satisfacción', 'Welcome Calls'] as const;

export const DEMO_CAMPAIGNS: readonly CampaignRef[] = DEMO_CAMPAIGN_NAMES.map((name) => ({ id: name, name }));
