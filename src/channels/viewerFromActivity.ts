import type { Activity } from 'botbuilder';
import { makeViewer, type Viewer } from '../access/viewer';

/**
 * The person asking, from what the channel says about them: the channel's user id (in the web chat, the Direct Line
 * token's subject; in Teams, "29:…") and, from Teams, the Entra object id. `from.name` is a display name, not an id.
 * `moreIds` are what the channel layer learned elsewhere (a Teams member's email and UPN).
 */
export function viewerFromActivity(activity: Pick<Activity, 'from' | 'channelId'>, moreIds: readonly string[] = []): Viewer {
  return makeViewer([activity.from?.id, activity.from?.aadObjectId, ...moreIds], activity.channelId || 'unknown');
}
