/**
 * An open-loop load: turns sent on a fixed schedule (one every 1000 / rate ms) whatever the server is doing, each one's
 * latency measured from the time it was scheduled, not from when it actually left, so that a server (or a client)
 * falling behind shows up as latency instead of slowing the load down (no coordinated omission). Conversations come
 * round-robin from a crowd (one user each, one turn in flight each, as with people typing), with the same turn mix as
 * the closed loop (turnMix.ts).
 */
import * as http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { messageActivity, postJson, repliesOf } from './httpLoad';
import { Random } from './prng';
import { makeConversation, type ConversationScript, type DemoContact } from './turnMix';

export interface OpenLoadPlan {
  /** Turns per second. */
  rate: number;
  durationMs: number;
  /** Conversations in the crowd, each with its own user. */
  conversations: number;
}

export interface OpenLoadResult {
  /** Turns scheduled (and sent). */
  scheduled: number;
  turns: number;
  errors: number;
  errorExamples: string[];
  /** From the scheduled send time to the answer. */
  latenciesMs: number[];
  /** How late the client sent, at worst (the client's own lag; counted in the latencies anyway). */
  maxSendLagMs: number;
  seconds: number;
}

interface Crowd {
  id: string;
  user: string;
  script: ConversationScript;
  next: number;
  busy: boolean;
}

export async function runOpenLoad(baseUrl: string, contacts: readonly DemoContact[], plan: OpenLoadPlan, options: { seed: number; label: string; channelId?: string }): Promise<OpenLoadResult> {
  const url = new URL('/api/messages', baseUrl);
  // enough sockets that no request waits in the client; a slow server opens more
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  const random = new Random(options.seed);
  let made = 0;
  const fresh = (): Crowd => {
    const n = ++made;
    return { id: `open-${options.label}-${process.pid}-${n}`, user: `open-user-${options.label}-${n}`, script: makeConversation(n, contacts, random), next: 0, busy: false };
  };
  const crowd: Crowd[] = Array.from({ length: plan.conversations }, fresh);
  const latenciesMs: number[] = [];
  const errorExamples: string[] = [];
  let errors = 0;
  let maxSendLagMs = 0;
  let cursor = 0;
  const fail = (message: string): void => {
    errors++;
    if (errorExamples.length < 5) errorExamples.push(message);
  };
  const intervalMs = 1000 / plan.rate;
  const total = Math.floor((plan.durationMs / 1000) * plan.rate);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();

  const send = async (slot: number, scheduledAt: number): Promise<void> => {
    // the next conversation without a turn in flight
    let conversation = crowd[cursor]!;
    for (let tries = 0; conversation.busy && tries < crowd.length; tries++) {
      cursor = (cursor + 1) % crowd.length;
      conversation = crowd[cursor]!;
    }
    const index = cursor;
    cursor = (cursor + 1) % crowd.length;
    conversation.busy = true;
    const turn = conversation.script.turns[conversation.next]!;
    const body = JSON.stringify(messageActivity({ ...conversation, locale: conversation.script.locale }, turn.text, options.channelId ?? 'webchat'));
    try {
      const answer = await postJson(agent, url, body);
      latenciesMs.push(performance.now() - scheduledAt);
      const replies = repliesOf(answer);
      if ('problem' in replies) fail(replies.problem);
      else if (!replies.activities.some((a) => a.type === 'message')) fail(`no message reply to "${turn.text}" (turn ${slot})`);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    conversation.busy = false;
    conversation.next++;
    if (conversation.next >= conversation.script.turns.length) crowd[index] = fresh();
  };

  try {
    for (let slot = 0; slot < total; slot++) {
      const scheduledAt = started + slot * intervalMs;
      const wait = scheduledAt - performance.now();
      if (wait > 1) await sleep(wait);
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduledAt);
      const turn = send(slot, scheduledAt);
      inFlight.add(turn);
      void turn.finally(() => inFlight.delete(turn));
    }
    await Promise.all([...inFlight]);
  } finally {
    agent.destroy();
  }
  return { scheduled: total, turns: latenciesMs.length, errors, errorExamples, latenciesMs, maxSendLagMs, seconds: (performance.now() - started) / 1000 };
}
