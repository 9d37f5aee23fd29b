/**
 * Random campaign data with the awkward cases (equal instants written with different offsets, canceled-only contacts,
 * contacts moved between campaigns, results changed, bad_after and status changed), for the conformance checks of the
 * derived facts and the lists against rules.ts.
 */
import { ATTEMPT_RESULTS, type AttemptResult, type CampaignStatus } from '../../../src/domain/statusKeys';
import { mulberry32 } from '../../../scripts/bench/prng';
import type { DataSet } from '../../data/helpers';

export interface World {
  campaigns: Map<string, { name: string; status: CampaignStatus; maxAttempts: number; badAfter: number }>;
  contacts: Map<string, { campaignId: string; name: string; phone: string }>;
  attempts: Map<string, { contactId: string; startedAt: string; result: AttemptResult }>;
}

const OFFSETS = ['Z', '+00:00', '-05:00', '-06:00', '+01:00', '+05:30'];

function isoAt(ms: number, offset: string): string {
  const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * 60000).toISOString().replace('.000Z', '').replace('Z', '') + offset;
}

/** A random world with the awkward cases: equal instants written with different offsets, canceled-only contacts, ... */
export function randomWorld(seed: number, contacts: number): World {
  const rnd = mulberry32(seed);
  const world: World = { campaigns: new Map(), contacts: new Map(), attempts: new Map() };
  const statuses: CampaignStatus[] = ['draft', 'planned', 'in_progress', 'paused', 'finished'];
  for (let i = 0; i < 6; i++) {
    world.campaigns.set(`CMP-${i}`, { name: `Campaign ${i}`, status: statuses[i % 5]!, maxAttempts: 1 + (i % 4), badAfter: 1 + (i % 3) });
  }
  let a = 0;
  const base = Date.UTC(2025, 2, 3, 12);
  for (let c = 0; c < contacts; c++) {
    const id = `C-${c}`;
    world.contacts.set(id, { campaignId: `CMP-${Math.floor(rnd() * 6)}`, name: `Person ${c}`, phone: `+1 555 ${String(1000000 + c).slice(1)}` });
    const n = Math.floor(rnd() * 6);
    for (let k = 0; k < n; k++) {
      // few distinct instants per contact: ties happen
      const ms = base + Math.floor(rnd() * 4) * 3_600_000;
      const result = ATTEMPT_RESULTS[Math.floor(rnd() * ATTEMPT_RESULTS.length)]!;
      world.attempts.set(`A-${a++}`, { contactId: id, startedAt: isoAt(ms, OFFSETS[Math.floor(rnd() * OFFSETS.length)]!), result });
    }
  }
  return world;
}

export function toDataSet(world: World): DataSet {
  return {
    campaigns: [...world.campaigns].map(([id, c]) => [id, c.name, c.status, c.maxAttempts, c.badAfter, c.status === 'paused' ? 'manual' : '', '', '', '']),
    contacts: [...world.contacts].map(([id, c]) => [id, c.campaignId, c.name, c.phone]),
    attempts: [...world.attempts].map(([id, a]) => [id, a.contactId, a.startedAt, a.result, '', '']),
  };
}

/** Changes between two imports: moves, result changes, bad_after and status changes, new rows. */
export function changeWorld(world: World, seed: number): World {
  const rnd = mulberry32(seed);
  const next: World = { campaigns: new Map(world.campaigns), contacts: new Map(world.contacts), attempts: new Map(world.attempts) };
  next.campaigns.set('CMP-1', { ...world.campaigns.get('CMP-1')!, badAfter: 1 });
  next.campaigns.set('CMP-2', { ...world.campaigns.get('CMP-2')!, status: 'finished', maxAttempts: 5 });
  next.campaigns.set('CMP-NEW', { name: 'Brand New', status: 'in_progress', maxAttempts: 2, badAfter: 2 });
  const contactIds = [...world.contacts.keys()];
  for (let i = 0; i < contactIds.length; i += 7) {
    const id = contactIds[i]!;
    next.contacts.set(id, { ...world.contacts.get(id)!, campaignId: rnd() < 0.5 ? 'CMP-NEW' : `CMP-${Math.floor(rnd() * 6)}` });
  }
  const attemptIds = [...world.attempts.keys()];
  for (let i = 0; i < attemptIds.length; i += 5) {
    const id = attemptIds[i]!;
    const old = world.attempts.get(id)!;
    next.attempts.set(id, {
      ...old,
      result: ATTEMPT_RESULTS[Math.floor(rnd() * ATTEMPT_RESULTS.length)]!,
      contactId: i % 3 === 0 ? contactIds[Math.floor(rnd() * contactIds.length)]! : old.contactId, // moved to another contact
    });
  }
  for (let c = 0; c < 20; c++) next.contacts.set(`C-N${c}`, { campaignId: 'CMP-NEW', name: `Newcomer ${c}`, phone: `+44 20 7946 ${String(1000 + c).slice(1)}` });
  next.attempts.set('A-N1', { contactId: 'C-N1', startedAt: '2025-03-05T10:00:00Z', result: 'busy' });
  return next;
}

/** The files of the changes only (what an incremental import would receive). */
export function diffDataSet(before: World, after: World): DataSet {
  const full = toDataSet(after);
  return {
    campaigns: full.campaigns.filter((r) => JSON.stringify(before.campaigns.get(r[0] as string)) !== JSON.stringify(after.campaigns.get(r[0] as string))),
    contacts: full.contacts.filter((r) => JSON.stringify(before.contacts.get(r[0] as string)) !== JSON.stringify(after.contacts.get(r[0] as string))),
    attempts: full.attempts.filter((r) => JSON.stringify(before.attempts.get(r[0] as string)) !== JSON.stringify(after.attempts.get(r[0] as string))),
  };
}
