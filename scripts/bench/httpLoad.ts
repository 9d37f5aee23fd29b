/**
 * The HTTP load generator: a closed loop of `connections` workers over one keep-alive agent with as many sockets, so
 * that no request waits in the client. Each worker takes the next conversation from a pool of `conversations` (one
 * turn in flight per conversation, as with a person typing), posts its next turn to /api/messages with
 * deliveryMode expectReplies, and checks the answer: 200 with at least one message activity. A conversation that has
 * had all its turns is replaced by a new one, with a new user.
 */
import * as http from 'node:http';
import { msSince } from './percentiles';
import { Random } from './prng';
import { makeConversation, type ConversationScript, type DemoContact, type TurnKind } from './turnMix';

export interface LoadPlan {
  connections: number;
  conversations: number;
  /** Stop sending after this long... */
  durationMs?: number;
  /** ...or after this many turns. */
  turns?: number;
}

export interface LoadResult {
  turns: number;
  errors: number;
  /** From the first request sent to the last answer received. */
  seconds: number;
  turnsPerSecond: number;
  latenciesMs: number[];
  kinds: TurnKind[];
  /** The first few failures, for the report. */
  errorExamples: string[];
}

export interface HttpAnswer {
  status: number;
  body: string;
}

interface LiveConversation {
  id: string;
  user: string;
  script: ConversationScript;
  next: number;
}

/** POSTs a JSON body over `agent`, with `headers` besides its type and length. */
export function postJson(agent: http.Agent, url: URL, body: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

export interface ReplyActivity {
  type?: string;
  text?: string;
  valueType?: string;
  value?: unknown;
}

/** The activities of an expectReplies answer, or why there are none worth counting. */
export function repliesOf(answer: HttpAnswer): { activities: ReplyActivity[] } | { problem: string } {
  if (answer.status !== 200) return { problem: `HTTP ${answer.status}: ${answer.body.slice(0, 120)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { problem: `not JSON: ${answer.body.slice(0, 120)}` };
  }
  const activities = (parsed as { activities?: unknown } | null)?.activities;
  if (!Array.isArray(activities)) return { problem: `no activities: ${answer.body.slice(0, 120)}` };
  return { activities: activities as ReplyActivity[] };
}

export function messageActivity(conversation: { id: string; user: string; locale: string }, text: string, channelId: string): Record<string, unknown> {
  return {
    type: 'message',
    text,
    locale: conversation.locale,
    channelId,
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    from: { id: conversation.user, name: 'Bench' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: conversation.id, conversationType: 'personal', isGroup: false },
  };
}

export const keepAliveAgent = (connections: number): http.Agent => new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

/** Drives one server; keep one per server so that its connections stay open from round to round. */
export class LoadGenerator {
  readonly agent: http.Agent;
  private readonly url: URL;
  private readonly random: Random;
  private conversationCount = 0;

  constructor(
    baseUrl: string,
    private readonly contacts: readonly DemoContact[],
    private readonly options: { connections: number; seed: number; channelId: string; label: string },
  ) {
    this.url = new URL('/api/messages', baseUrl);
    this.agent = keepAliveAgent(options.connections);
    this.random = new Random(options.seed);
  }

  private newConversation(): LiveConversation {
    const n = ++this.conversationCount;
    return { id: `bench-${this.options.label}-${process.pid}-${n}`, user: `bench-user-${this.options.label}-${n}`, script: makeConversation(n, this.contacts, this.random), next: 0 };
  }

  async run(plan: LoadPlan): Promise<LoadResult> {
    if (plan.durationMs === undefined && plan.turns === undefined) throw new Error('a load plan needs durationMs or turns');
    const pool: LiveConversation[] = Array.from({ length: plan.conversations }, () => this.newConversation());
    const latenciesMs: number[] = [];
    const kinds: TurnKind[] = [];
    const errorExamples: string[] = [];
    let errors = 0;
    let issued = 0;
    const started = process.hrtime.bigint();
    const deadline = plan.durationMs === undefined ? Infinity : Date.now() + plan.durationMs;
    const more = (): boolean => (plan.turns === undefined || issued < plan.turns) && Date.now() < deadline;
    const fail = (message: string): void => {
      errors++;
      if (errorExamples.length < 5) errorExamples.push(message);
    };

    const worker = async (): Promise<void> => {
      while (more()) {
        issued++;
        const conversation = pool.shift() ?? this.newConversation();
        const turn = conversation.script.turns[conversation.next]!;
        const body = JSON.stringify(messageActivity({ ...conversation, locale: conversation.script.locale }, turn.text, this.options.channelId));
        const sent = process.hrtime.bigint();
        try {
          const answer = await postJson(this.agent, this.url, body);
          latenciesMs.push(msSince(sent));
          kinds.push(turn.kind);
          const replies = repliesOf(answer);
          if ('problem' in replies) fail(replies.problem);
          else if (!replies.activities.some((a) => a.type === 'message')) fail(`no message reply to "${turn.text}"`);
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error));
        }
        conversation.next++;
        pool.push(conversation.next < conversation.script.turns.length ? conversation : this.newConversation());
      }
    };
    await Promise.all(Array.from({ length: plan.connections }, worker));
    const seconds = msSince(started) / 1000;
    return { turns: latenciesMs.length, errors, seconds, turnsPerSecond: latenciesMs.length / seconds, latenciesMs, kinds, errorExamples };
  }

  close(): void {
    this.agent.destroy();
  }
}
