import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';

// botbuilder does not export these types; they are what ConfigurationBotFrameworkAuthentication works with.
type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type SendOperation = ConnectorClient['sendOperationRequest'];

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
 * botbuilder's configuration-based authentication, whose connector clients (the CloudAdapter's way to send replies
 * to a channel's serviceUrl) time out. botbuilder 4.23 gives its ConnectorClient no timeout, and its connector factory
 * replaces any request policies passed in, so the clients it makes are wrapped here.
 */
export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
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

  /** The factory of proactive messages (continueConversationAsync). */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.timed(super.createConnectorFactory(claimsIdentity));
  }

  private timed(inner: ConnectorFactory): ConnectorFactory {
    const timeoutMs = this.outboundTimeoutMs;
    return { create: async (serviceUrl, audience) => withTimeouts(await inner.create(serviceUrl, audience), timeoutMs) };
  }
}
