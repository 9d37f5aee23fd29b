/**
 * Loaded by .mocharc.json before the tests: the server's log lines would drown mocha's report, so the in-process
 * logger is silent unless LOG_LEVEL says otherwise (`LOG_LEVEL=debug npm test`). Processes the tests spawn keep theirs.
 */
import { logger } from '../../src/logging/logger';

if (!process.env.LOG_LEVEL) logger.level = 'silent';
