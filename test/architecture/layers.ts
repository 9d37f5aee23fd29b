/**
 * The layers of the program, outermost first: the one place that says which folder may import which (read by
 * layering.test.ts and pictured in docs/architecture.md). A file may import from its own layer and from any layer
 * below it, never from one above; layers on the same rank are independent of each other.
 *
 *   outer     the process and its wiring (src/*.ts: index, app, bot, server, adapter, config, campaignData), the
 *             HTTP plumbing (src/http), stopping (src/lifecycle) and the channels (Web Chat, Direct Line, Teams)
 *   dialogs   botbuilder's ComponentDialogs; state: botbuilder's Storage on SQLite, the learners' directory
 *   render    an Answer as a Bot Framework activity (text, Adaptive Card, buttons)
 *   core      answers from recognitions: plain data in, plain answers out
 *   nlu       the recognizer; data: the campaign data (SQLite or PostgreSQL); access: who may see what, the audit log
 *   content   the texts (i18next), the knowledge base; logging: the logger and the request id
 *   platform  where the program's files are
 *   domain    the shared vocabulary: languages, status keys, intents, the recognition types; no I/O
 */
export interface Layer {
  name: string;
  /** Folders (or single files) relative to the project root; a file belongs to the longest one that contains it. */
  paths: readonly string[];
  /** May this layer's files import botbuilder (and botframework-*)? Only the layers that speak Bot Framework. */
  botbuilder: boolean;
}

export const LAYERS: readonly (readonly Layer[])[] = [
  [{ name: 'outer', paths: ['src', 'src/channels', 'src/http', 'src/lifecycle'], botbuilder: true }],
  [
    { name: 'dialogs', paths: ['dialogs'], botbuilder: true },
    // botbuilder's Storage interface is what the conversation and user state are kept through; only this folder
    // below the dialogs implements it.
    { name: 'state', paths: ['src/state'], botbuilder: true },
  ],
  [{ name: 'render', paths: ['src/render'], botbuilder: true }],
  [{ name: 'core', paths: ['src/core'], botbuilder: false }],
  [
    { name: 'nlu', paths: ['src/nlu'], botbuilder: false },
    { name: 'data', paths: ['src/data'], botbuilder: false },
    { name: 'access', paths: ['src/access'], botbuilder: false },
  ],
  [
    { name: 'content', paths: ['src/content'], botbuilder: false },
    { name: 'logging', paths: ['src/logging'], botbuilder: false },
  ],
  [{ name: 'platform', paths: ['src/platform'], botbuilder: false }],
  [{ name: 'domain', paths: ['src/domain'], botbuilder: false }],
];

export interface PlacedLayer extends Layer {
  rank: number;
}

/** The layer a project file (path relative to the root, with `/`) belongs to, or undefined when none holds it. */
export function layerOf(file: string): PlacedLayer | undefined {
  let best: { layer: PlacedLayer; length: number } | undefined;
  LAYERS.forEach((rank, index) => {
    for (const layer of rank) {
      for (const path of layer.paths) {
        const inside = path === 'src' ? /^src\/[^/]+$/.test(file) : file.startsWith(`${path}/`);
        if (inside && (!best || path.length > best.length)) best = { layer: { ...layer, rank: index }, length: path.length };
      }
    }
  });
  return best?.layer;
}

/** Why `from` may not import `to`, or undefined when it may. */
export function forbiddenEdge(from: PlacedLayer, to: PlacedLayer): string | undefined {
  if (from.name === to.name) return undefined;
  if (to.rank < from.rank) return `${from.name} may not import from ${to.name}, a layer above it`;
  if (to.rank === from.rank) return `${from.name} and ${to.name} are independent layers`;
  return undefined;
}
