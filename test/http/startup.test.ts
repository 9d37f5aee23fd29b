import { spawn, type ChildProcess } from 'node:child_process';
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
      const match = /listening on (http:\/\/\S+)[^\n]*\n.*endpoint/.exec(output);
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
  it('starts on loopback without auth, answers, and stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await startBotProcess({ PORT: '0', MicrosoftAppId: '' });
    try {
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).to.contain('authentication is off');
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const { activities } = await postActivity(url, messageActivity('qué significa contestador', { channelId: 'webchat', locale: 'es-ES' }));
      expect(activities[0].text).to.contain('**Contacto IVR**');
    } finally {
      const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGTERM');
      expect(await exited, output()).to.equal(0);
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
