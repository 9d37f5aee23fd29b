import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/core/paths';
import { messageActivity, postActivity } from '../helpers/httpServer';

/** Starts the real entry point as `npm start` would (through tsx, to skip the build) and waits for its address. */
function startBotProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'index.ts')], {
    cwd: projectPath(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)[\s\S]*endpoint/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code}:\n${output}`)));
  });
}

describe('the bot process', () => {
  it('starts on loopback without auth, creates the demo database, answers, and stops cleanly on SIGTERM', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'bot-start-'));
    const db = join(temp, 'nested', 'campaigns.sqlite');
    const { child, url, output } = await startBotProcess({ PORT: '0', MicrosoftAppId: '', CAMPAIGN_DB: db, STATE_DB: join(temp, 'state.sqlite'), AUDIT_LOG: join(temp, 'audit.log') });
    try {
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).to.contain('authentication is off').and.to.contain('from the demo data set');
      expect(existsSync(db)).to.equal(true);
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const { activities } = await postActivity(url, messageActivity('qué significa contestador', { channelId: 'webchat', locale: 'es-ES' }));
      expect(activities[0].text).to.contain('**Contacto IVR**');
      const demo = await postActivity(url, messageActivity('why is Spring Renewals paused?', { channelId: 'webchat' }));
      expect(demo.activities[0].text).to.contain('ran out of minutes');
    } finally {
      const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(temp, { recursive: true, force: true });
      expect(code, output()).to.equal(0);
    }
  });

  it('refuses to start with a clear message when PORT is not a port', async () => {
    try {
      await startBotProcess({ PORT: 'eighty' });
      expect.fail('the bot started');
    } catch (error) {
      expect(String(error)).to.contain('exited with 1').and.to.contain('PORT must be a port number');
    }
  });
});
