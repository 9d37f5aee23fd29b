import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/platform/paths';
import { forbiddenEdge, layerOf } from './layers';

const ROOT = projectPath();

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(ROOT, folder))) {
    const path = `${folder}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) files.push(path);
  }
  return files;
}

/**
 * Every module a file names: static imports and re-exports (type-only ones too: they tie the files together just the
 * same), side-effect imports, dynamic import() and require().
 */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specs.push(match[1]);
  return specs;
}

/** A relative import as the project file it names (`src/core/answer.ts`). */
function resolveImport(file: string, spec: string, known: ReadonlySet<string>): string | undefined {
  const base = normalize(join(dirname(file), spec.replace(/\.js$/, ''))).split(sep).join('/');
  return [`${base}.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate));
}

const FILES = [...sourceFiles('src'), ...sourceFiles('dialogs')].sort();
const KNOWN = new Set(FILES);
const GRAPH = new Map<string, { spec: string; target?: string }[]>(
  FILES.map((file) => [
    file,
    importsOf(readFileSync(join(ROOT, file), 'utf8')).map((spec) => ({ spec, target: spec.startsWith('.') ? resolveImport(file, spec, KNOWN) : undefined })),
  ]),
);

/** The import cycles between files, each once, as the files in order ending with the first again. */
function cycles(graph: ReadonlyMap<string, readonly { target?: string }[]>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!target) continue;
      if (state.get(target) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const key = [...cycle.slice(0, -1)].sort().join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          found.push(cycle);
        }
      } else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the layers (test/architecture/layers.ts)', () => {
  it('reads the imports of every kind', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      'import {\n  c,\n  type D,\n} from "./c";',
      "export { e } from './e';",
      "export * from './f';",
      "import './g';",
      "const h = await import('./h');",
      "const i = require('./i');",
      "const text = 'not an import from here';",
    ].join('\n');
    expect(importsOf(source)).to.have.members(['./a', '../b', './c', './e', './f', './g', './h', './i']);
  });

  it('puts every file of src/ and dialogs/ in a layer', () => {
    expect(FILES.filter((file) => !layerOf(file))).to.deep.equal([]);
  });

  it('has every relative import resolve to a file of src/ or dialogs/', () => {
    const unresolved = FILES.flatMap((file) => GRAPH.get(file)!.filter((i) => i.spec.startsWith('.') && !i.target).map((i) => `${file}: '${i.spec}'`));
    expect(unresolved).to.deep.equal([]);
  });

  it('imports only downwards: channels -> dialogs -> core -> nlu/data/access -> domain', () => {
    const wrong: string[] = [];
    for (const file of FILES) {
      const from = layerOf(file)!;
      for (const { spec, target } of GRAPH.get(file)!) {
        if (!target) continue;
        const why = forbiddenEdge(from, layerOf(target)!);
        if (why) wrong.push(`${file} imports '${spec}' (${target}): ${why}`);
      }
    }
    expect(wrong, 'imports that go the wrong way').to.deep.equal([]);
  });

  it('keeps botbuilder out of the core and everything below it', () => {
    const wrong = FILES.filter((file) => !layerOf(file)!.botbuilder).flatMap((file) =>
      GRAPH.get(file)!.filter(({ spec }) => /^(botbuilder|botframework)/.test(spec)).map(({ spec }) => `${file} imports '${spec}'`),
    );
    expect(wrong, 'Bot Framework imports below the dialogs').to.deep.equal([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(GRAPH).map((cycle) => cycle.join(' -> ')), 'import cycles').to.deep.equal([]);
  });

  it('finds a cycle and a wrong-way import when there is one', () => {
    const graph = new Map([
      ['src/core/a.ts', [{ target: 'src/core/b.ts' }]],
      ['src/core/b.ts', [{ target: 'src/core/a.ts' }]],
    ]);
    expect(cycles(graph)).to.deep.equal([['src/core/a.ts', 'src/core/b.ts', 'src/core/a.ts']]);
    expect(forbiddenEdge(layerOf('src/nlu/recognizer.ts')!, layerOf('src/core/assistant.ts')!)).to.equal('nlu may not import from core, a layer above it');
    expect(forbiddenEdge(layerOf('src/data/rules.ts')!, layerOf('src/nlu/normalize.ts')!)).to.equal('data and nlu are independent layers');
    expect(forbiddenEdge(layerOf('src/channels/webChatPage.ts')!, layerOf('src/domain/language.ts')!)).to.equal(undefined);
    expect(layerOf('src/bot.ts')!.name).to.equal('outer');
  });
});
