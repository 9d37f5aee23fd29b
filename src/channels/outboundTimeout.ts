import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { logger } from '../logging/logger';

// botbuilder does not export these types; they are what ConfigurationBotFrameworkAuthentication works with.
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type SendOperation = ConnectorClient['sendOperationRequest'];
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Clients kept per bot app id, channel service URL and audience (the service URL comes from the client: bounded). */
const CACHED_CLIENTS = 64;

/** A small least-recently-used cache of promises, so that concurrent turns share one creation. */
class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = make();
      entry.catch(() => this.entries.delete(key));
      if (this.entries.size >= CACHED_CLIENTS) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

/** How long one reply to a channel (Teams, the Emulator...) may take before the turn gives up on it. */
export const DEFAULT_OUTBOUND_TIMEOUT_MS = 15_000;

export class OutboundTimeoutError extends Error {
  readonly code = 'OUTBOUND_TIMEOUT';

  constructor(readonly timeoutMs: number) {
    super(`A call to the channel's service took longer than ${timeoutMs} ms.`);
    this.name = 'OutboundTimeoutError';
  }
}

/** The error under the wrappers botbuilder puts around it (a DialogContextError's `error`, an Error's `cause`). */
function rootCause(error: unknown): unknown {
  for (let depth = 0; depth < 5 && error instanceof Error; depth++) {
    const inner: unknown = (error as { error?: unknown }).error ?? error.cause;
    if (!(inner instanceof Error)) break;
    error = inner;
  }
  return error;
}

/** Whether a turn failed because the channel's service did not answer in time, or at all, or refused the reply. */
export function isChannelUnreachable(error: unknown): boolean {
  const cause = rootCause(error);
  return cause instanceof OutboundTimeoutError || (cause instanceof Error && (cause.name === 'AbortError' || cause.name === 'RestError'));
}

/**
 * Bounds a connector client's calls. Each HTTP attempt gets `timeoutMs` (the request's own `timeout`, which aborts
 * the socket: connecting and waiting for the response headers); the whole call, with the token it may fetch first and
 * the retries botbuilder's pipeline may make, is abandoned after twice that.
 */
function withTimeouts(client: ConnectorClient, timeoutMs: number): ConnectorClient {
  const send: SendOperation = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = (args, spec, callback) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new OutboundTimeoutError(timeoutMs * 2)), timeoutMs * 2);
    });
    const call = send({ ...args, options: { ...args.options, timeout: args.options?.timeout ?? timeoutMs } }, spec, callback);
    return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
  };
  return client;
}

/**
 * A connector client whose calls are made once: its Azure pipeline (kept in a private field of botbuilder's
 * compatibility layer) loses its retry phase, which retries 5xx and 429 (waiting out any Retry-After) up to 3 times.
 */
function withoutRetries(client: ConnectorClient): ConnectorClient {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy?(options: { phase: 'Retry' }): unknown } } }).client?.pipeline;
  if (typeof pipeline?.removePolicy === 'function') pipeline.removePolicy({ phase: 'Retry' });
  // still right, only slower to give up: the test of the alerts' retries counts the attempts and says so
  else logger.warn({ event: 'alerts.pipelineRetries' }, 'botframework-connector changed: proactive messages keep its own retries.');
  return client;
}

/**
 * botbuilder's configuration-based authentication, whose connector clients (the CloudAdapter's way to send replies
 * to a channel's serviceUrl) time out. botbuilder 4.23 gives its ConnectorClient no timeout, and its connector factory
 * replaces any request policies passed in, so the clients it makes are wrapped here.
 */
export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  /**
   * botbuilder builds a ConnectorClient and a UserTokenClient for every turn, used or not (an expectReplies turn uses
   * neither): about 200 µs of a turn's JavaScript and its garbage. They hold no state of a turn (their credentials
   * cache the app's token), so turns for the same app, service and audience share them.
   */
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly userTokenClients = new ClientCache<UserTokenClient>();

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly outboundTimeoutMs = DEFAULT_OUTBOUND_TIMEOUT_MS,
  ) {
    super(options);
  }

  /** The factory the CloudAdapter uses for replies in a turn: it comes with the authenticated request. */
  async authenticateRequest(activity: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>[0], authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.timed(result.connectorFactory) } : result;
  }

  /**
   * The factory of proactive messages (continueConversationAsync: the alerts), whose clients make one HTTP attempt
   * per send: the alerts' outbox retries (channels/proactive/), keeping the message across restarts and honouring any
   * Retry-After, where the pipeline's own retries would hold the send (and a stop) open for seconds or minutes.
   */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.timed(super.createConnectorFactory(claimsIdentity), { retries: false });
  }

  /** One per app id: the claims' audience (the bot) or app id (a skill's caller), as botbuilder reads them. */
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = JSON.stringify([claimsIdentity.getClaimValue('aud'), claimsIdentity.getClaimValue('appid'), claimsIdentity.getClaimValue('azp')]);
    return this.userTokenClients.get(key, () => super.createUserTokenClient(claimsIdentity));
  }

  private timed(inner: ConnectorFactory, { retries = true } = {}): ConnectorFactory {
    const timeoutMs = this.outboundTimeoutMs;
    // the factory's app id is whose credentials its clients carry (botbuilder keeps it as a plain field)
    const appId = String((inner as unknown as { appId?: unknown }).appId ?? '');
    return {
      create: (serviceUrl, audience) =>
        this.connectors.get(JSON.stringify([appId, serviceUrl, audience ?? null, retries]), async () => {
          const client = await inner.create(serviceUrl, audience);
          return withTimeouts(retries ? client : withoutRetries(client), timeoutMs);
        }),
    };
  }
}
