import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPostgresBinaries, postgresMissing, requirePostgres } from '../helpers/postgres';
import { tempDir } from './helpers';

/** A folder with executable stand-ins for the server binaries. */
function fakeBin(dir: string, names = ['initdb', 'pg_ctl', 'postgres']): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of names) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
  return dir;
}

describe("the PostgreSQL tests' server binaries", () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir('pg-bin-')));
  afterEach(() => temp.cleanup());
  const none = (): string => path.join(temp.dir, 'none');

  it('takes PG_BIN when set, and says so when it holds no server', () => {
    const bin = fakeBin(path.join(temp.dir, 'custom'));
    expect(findPostgresBinaries({ PG_BIN: bin, PATH: '' }, none())).to.deep.equal({ dir: bin });
    const partial = fakeBin(path.join(temp.dir, 'partial'), ['initdb']);
    expect(findPostgresBinaries({ PG_BIN: partial, PATH: '' }, none())).to.equal(undefined);
    expect(postgresMissing({ PG_BIN: partial, PATH: '' })).to.contain(`PG_BIN=${partial}`);
  });

  it('then initdb on the PATH (following a symlink to the folder that has them all), then the newest Debian version', () => {
    const real = fakeBin(path.join(temp.dir, 'lib', 'bin'));
    const onPath = path.join(temp.dir, 'path');
    fs.mkdirSync(onPath);
    fs.symlinkSync(path.join(real, 'initdb'), path.join(onPath, 'initdb'));
    expect(findPostgresBinaries({ PATH: onPath }, none())).to.deep.equal({ dir: real });
    const debian = path.join(temp.dir, 'postgresql');
    fakeBin(path.join(debian, '13', 'bin'));
    fakeBin(path.join(debian, '15', 'bin'));
    fs.mkdirSync(path.join(debian, '16', 'bin'), { recursive: true }); // a leftover without binaries
    expect(findPostgresBinaries({ PATH: path.join(temp.dir, 'empty') }, debian)).to.deep.equal({ dir: path.join(debian, '15', 'bin') });
    expect(findPostgresBinaries({ PATH: '' }, none())).to.equal(undefined);
  });

  it('when missing, skips the suite on a developer machine and fails it under CI=true', () => {
    let skipped = 0;
    const suite = { skip: () => skipped++ } as unknown as Mocha.Context;
    const env = { PG_BIN: path.join(temp.dir, 'nowhere') };
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      expect(requirePostgres(suite, env)).to.equal(false);
    } finally {
      console.warn = warn;
    }
    expect(skipped).to.equal(1);
    expect(() => requirePostgres(suite, { ...env, CI: 'true' })).to.throw(/no initdb, pg_ctl and postgres in PG_BIN=.*CI=true/);
    expect(skipped).to.equal(1);
  });
});
