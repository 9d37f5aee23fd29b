/**
 * Reads a V8 CPU profile (`node --cpu-prof`'s .cpuprofile JSON) and says where the main thread's time went within a
 * time window: the functions with the most self time, time by package (and by folder of our own code), and the
 * inclusive time of our own functions and files. Compiled locations are mapped back to the TypeScript sources through
 * the build's source maps.
 *
 * The profile's timestamps are microseconds of the system's monotonic clock, the one `process.hrtime` reads, so a
 * window measured in the parent process selects the samples taken during it.
 */
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeWindow {
  /** process.hrtime.bigint() / 1000n readings (microseconds). */
  fromUs: number;
  toUs: number;
}

export interface FunctionTime {
  name: string;
  /** "src/nlu/recognizer.ts:97" or "botbuilder-core/lib/turnContext.js:312" or "node:internal/..." */
  location: string;
  group: string;
  ms: number;
}

export interface GroupTime {
  group: string;
  selfMs: number;
  inclusiveMs: number;
}

export interface ConcernTime {
  concern: string;
  /** Samples with any frame of the concern on the stack (concerns overlap: answer text calls i18next). */
  inclusiveMs: number;
}

export interface ProfileAnalysis {
  /** Samples inside the window, and the share of them that fell within the window at all. */
  samples: number;
  windowMs: number;
  /** Time the main thread was not idle. */
  busyMs: number;
  selfTop: FunctionTime[];
  groups: GroupTime[];
  /** Our own functions (src/, dialogs/) by inclusive time. */
  oursByFunction: FunctionTime[];
  /** Our own files by inclusive time. */
  oursByFile: { file: string; ms: number }[];
  /** The usual suspects of a turn's cost, by inclusive time. */
  concerns: ConcernTime[];
}

/** The newest .cpuprofile in `dir` (where --cpu-prof-dir had it written), and its file. */
export function readCpuProfile(dir: string): { profile: CpuProfile; file: string } {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const file = files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
  return { profile: JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, file };
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Maps compiled locations of our own code to the TypeScript source, one source map per file, read once. */
class SourceLocator {
  private readonly maps = new Map<string, SourceMap | null>();

  constructor(private readonly projectRoot: string) {}

  /** Project-relative path of a file: URL or path inside the project; undefined for anything outside it. */
  ownFile(url: string): string | undefined {
    let file: string;
    try {
      file = url.startsWith('file:') ? fileURLToPath(url) : url;
    } catch {
      return undefined;
    }
    if (!path.isAbsolute(file)) return undefined;
    const relative = path.relative(this.projectRoot, file);
    if (relative.startsWith('..') || relative.split(path.sep).includes('node_modules')) return undefined;
    return relative.split(path.sep).join('/');
  }

  /** "src/nlu/recognizer.ts:97" for a frame in dist/src/nlu/recognizer.js. */
  locate(file: string, line: number, column: number): { file: string; line: number } {
    const map = this.mapFor(file);
    if (map && line >= 0) {
      const entry = map.findEntry(line, Math.max(0, column)) as { originalSource?: string; originalLine?: number };
      if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
        const absolute = entry.originalSource.startsWith('file:')
          ? fileURLToPath(entry.originalSource)
          : path.resolve(path.dirname(path.join(this.projectRoot, file)), entry.originalSource);
        return { file: path.relative(this.projectRoot, absolute).split(path.sep).join('/'), line: entry.originalLine + 1 };
      }
    }
    return { file, line: line + 1 };
  }

  private mapFor(file: string): SourceMap | null {
    let map = this.maps.get(file);
    if (map === undefined) {
      map = null;
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(path.join(this.projectRoot, `${file}.map`), 'utf8')) as SourceMapPayload);
      } catch {
        // no map: compiled locations
      }
      this.maps.set(file, map);
    }
    return map;
  }
}

/** The package a node_modules path belongs to ("@microsoft/foo", "botbuilder-core"), and the path inside it. */
function packageOf(url: string): { name: string; inner: string } | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = url.slice(at + '/node_modules/'.length).split('/');
  const size = parts[0]?.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, size).join('/'), inner: parts.join('/') };
}

interface FrameInfo {
  name: string;
  location: string;
  group: string;
  /** Our own source file, when it is ours. */
  ownFile?: string;
}

function describeFrames(profile: CpuProfile, locator: SourceLocator): Map<number, FrameInfo> {
  const frames = new Map<number, FrameInfo>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    let info: FrameInfo;
    if (!url) {
      info = SPECIAL.has(functionName) ? { name, location: '', group: functionName } : { name, location: '(native)', group: '(V8 builtins and native)' };
    } else if (url.startsWith('node:')) {
      info = { name, location: `${url}:${lineNumber + 1}`, group: 'node internals' };
    } else {
      const pkg = packageOf(url);
      const own = pkg ? undefined : locator.ownFile(url);
      if (pkg) {
        info = { name, location: `${pkg.inner}:${lineNumber + 1}`, group: pkg.name };
      } else if (own) {
        const source = locator.locate(own, lineNumber, columnNumber);
        const folder = source.file.split('/').slice(0, source.file.startsWith('src/') ? 2 : 1).join('/');
        info = { name, location: `${source.file}:${source.line}`, group: `ours: ${folder.endsWith('.ts') ? 'src' : folder}`, ownFile: source.file };
      } else {
        info = { name, location: `${url}:${lineNumber + 1}`, group: 'other' };
      }
    }
    frames.set(node.id, info);
  }
  return frames;
}

const ownIn = (prefix: RegExp) => (f: FrameInfo): boolean => f.ownFile !== undefined && prefix.test(f.ownFile);
const inGroup = (groups: RegExp) => (f: FrameInfo): boolean => groups.test(f.group);

/** What a turn does, each as the frames that belong to it; a sample counts for a concern when any of its frames does. */
const CONCERNS: readonly { concern: string; test: (frame: FrameInfo) => boolean }[] = [
  { concern: 'recognition (src/nlu, natural)', test: (f) => ownIn(/^src\/(nlu\/|domain\/editDistance\.ts$)/)(f) },
  { concern: '  typo matching', test: ownIn(/^src\/(nlu\/(typoNeighbours|fuzzy|letterSets|phraseMatcher)|domain\/editDistance)\.ts$/) },
  { concern: '  naive Bayes classify', test: ownIn(/^src\/nlu\/(sparseNaiveBayes|intentClassifier)\.ts$/) },
  { concern: 'dialogs (dialogs/, botbuilder-dialogs)', test: (f) => ownIn(/^dialogs\//)(f) || f.group === 'botbuilder-dialogs' },
  { concern: 'answer composition (src/core)', test: ownIn(/^src\/core\//) },
  { concern: '  i18next', test: inGroup(/^i18next$/) },
  { concern: '  Intl formatters (src/core/format.ts)', test: ownIn(/^src\/core\/format\.ts$/) },
  { concern: 'campaign store (src/data but db.ts)', test: ownIn(/^src\/data\/(?!db\.ts|queryTimeout\.ts)/) },
  { concern: 'rendering to an activity and card (src/render)', test: ownIn(/^src\/render\//) },
  // not conversationLock.ts, whose frames hold the whole turn
  { concern: 'state load and save (botState, src/state)', test: (f) => ownIn(/^src\/state\/(?!conversationLock)/)(f) || /^botbuilder-core\/lib\/botState/.test(f.location) },
  { concern: '  change hash (botbuilder calculateChangeHash)', test: (f) => f.name === 'calculateChangeHash' },
  { concern: 'SQLite calls (src/data/db.ts, sqlite3; state and data)', test: (f) => ownIn(/^src\/data\/(db|queryTimeout)\.ts$/)(f) || f.group === 'sqlite3' },
  // pino and our logger only: turnLog.ts and requestLog.ts hold the whole turn and request on their stacks
  { concern: 'logging (pino, src/logging/logger.ts)', test: (f) => ownIn(/^src\/logging\/logger\.ts$/)(f) || /^(pino|sonic-boom|@pinojs\/.*|fast-redact|thread-stream)$/.test(f.group) },
  { concern: 'garbage collector', test: (f) => f.group === '(garbage collector)' },
];

function addTo<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

const byMsDescending = <T extends { ms: number }>(a: T, b: T): number => b.ms - a.ms;

export function analyseProfile(profile: CpuProfile, window: TimeWindow | undefined, projectRoot: string, top = 25): ProfileAnalysis {
  const frames = describeFrames(profile, new SourceLocator(projectRoot));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const groupSelf = new Map<string, number>();
  const groupInclusive = new Map<string, number>();
  const ownFunctionInclusive = new Map<string, number>();
  const ownFileInclusive = new Map<string, number>();
  const keyInfo = new Map<string, FrameInfo>();
  const concernTime = new Map<string, number>();
  let samples = 0;
  let busyUs = 0;
  let t = profile.startTime;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    // a sample stands for the time until the next one
    const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    const leafId = profile.samples[i]!;
    const leaf = frames.get(leafId)!;
    samples++;
    first = Math.min(first, t);
    last = Math.max(last, t + us);
    if (leaf.group === '(idle)') continue;
    busyUs += us;
    const key = `${leaf.name}\u0000${leaf.location}`;
    keyInfo.set(key, leaf);
    addTo(self, key, us);
    addTo(groupSelf, leaf.group, us);
    const groups = new Set<string>();
    const ownFunctions = new Set<string>();
    const ownFiles = new Set<string>();
    const concerns = new Set<string>();
    for (let id: number | undefined = leafId; id !== undefined; id = parent.get(id)) {
      const frame = frames.get(id)!;
      for (const { concern, test } of CONCERNS) if (test(frame)) concerns.add(concern);
      groups.add(frame.group);
      if (frame.ownFile) {
        const ownKey = `${frame.name}\u0000${frame.location}`;
        keyInfo.set(ownKey, frame);
        ownFunctions.add(ownKey);
        ownFiles.add(frame.ownFile);
      }
    }
    for (const g of groups) addTo(groupInclusive, g, us);
    for (const f of ownFunctions) addTo(ownFunctionInclusive, f, us);
    for (const f of ownFiles) addTo(ownFileInclusive, f, us);
    for (const c of concerns) addTo(concernTime, c, us);
  }
  const asFunction = ([key, us]: [string, number]): FunctionTime => {
    const info = keyInfo.get(key)!;
    return { name: info.name, location: info.location, group: info.group, ms: us / 1000 };
  };
  return {
    samples,
    windowMs: samples ? (last - first) / 1000 : 0,
    busyMs: busyUs / 1000,
    selfTop: [...self].map(asFunction).sort(byMsDescending).slice(0, top),
    groups: [...groupInclusive.keys()]
      .filter((g) => g !== '(root)')
      .map((group) => ({ group, selfMs: (groupSelf.get(group) ?? 0) / 1000, inclusiveMs: (groupInclusive.get(group) ?? 0) / 1000 }))
      .sort((a, b) => b.inclusiveMs - a.inclusiveMs),
    oursByFunction: [...ownFunctionInclusive].map(asFunction).sort(byMsDescending).slice(0, top),
    oursByFile: [...ownFileInclusive].map(([file, us]) => ({ file, ms: us / 1000 })).sort(byMsDescending).slice(0, 15),
    concerns: CONCERNS.map(({ concern }) => ({ concern, inclusiveMs: (concernTime.get(concern) ?? 0) / 1000 })),
  };
}
