import { performance } from 'node:perf_hooks';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { RECOGNITION_KEY } from '../../dialogs/turnInput';
import type { Recognition } from '../domain/recognition';
import { logger } from '../logging/logger';
import { withRequestIdIfNone } from '../logging/turnContext';

export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

/** Channels worth naming in a log; any other channelId (a client sets it) is logged as `other`. */
const KNOWN_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test', 'console', 'slack', 'telegram', 'facebook', 'sms', 'email', 'skype', 'line', 'kik', 'groupme', 'omnichannel', 'm365extensions']);
const KNOWN_TYPES = new Set<string>(Object.values(ActivityTypes));

const known = (set: ReadonlySet<string>, value: unknown): string => (typeof value === 'string' && set.has(value) ? value : 'other');

/**
 * Logs every turn (`turn`): channel, activity type, the recognised intent and its score, language, duration, outcome.
 * Never the text. A turn that no request started (a Direct Line stream opening) gets its own request id.
 */
export function loggedTurns(bot: TurnRunner): TurnRunner {
  return {
    run: (context) =>
      withRequestIdIfNone(async () => {
        const started = performance.now();
        let outcome = 'ok';
        try {
          await bot.run(context);
        } catch (error) {
          outcome = 'error';
          throw error;
        } finally {
          const recognition = context.turnState.get(RECOGNITION_KEY) as Recognition | undefined;
          logger.info(
            {
              event: 'turn',
              channel: known(KNOWN_CHANNELS, context.activity.channelId),
              activityType: known(KNOWN_TYPES, context.activity.type),
              ...(recognition ? { intent: recognition.intent, score: Math.round(recognition.score * 1000) / 1000, language: recognition.language } : {}),
              durationMs: Math.round(performance.now() - started),
              outcome,
            },
            'turn',
          );
        }
      }),
  };
}
