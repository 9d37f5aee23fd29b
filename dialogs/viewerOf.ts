import type { TurnContext } from 'botbuilder';
import type { Viewer } from '../src/access/viewer';

/** Who is asking, from the turn's activity (the channel layer's ViewerSource). */
export interface ViewerOf {
  viewerOf(context: TurnContext): Promise<Viewer>;
}
