import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import { viewerFromActivity } from '../../src/channels/viewerFromActivity';
import { ViewerSource } from '../../src/channels/viewerSource';
import { captureLogs } from '../helpers/logCapture';

/** A turn context around an activity, for code that reads only the activity. */
function contextOf(activity: Partial<Activity>): TurnContext {
  return new TurnContext(new TestAdapter(), { type: 'message', ...activity } as Activity);
}

describe('the viewer of a turn', () => {
  it('is, in Teams, the channel user id and the Entra object id, never the display name', () => {
    const viewer = viewerFromActivity({ channelId: 'msteams', from: { id: '29:1abc', aadObjectId: '0f6c7a5e-aaaa', name: 'Ana López (ana@contoso.com)' } });
    expect(viewer).to.deep.equal({ ids: ['29:1abc', '0f6c7a5e-aaaa'], channel: 'msteams' });
  });

  it("is, in the web chat, the Direct Line token's subject (from.id)", () => {
    expect(viewerFromActivity({ channelId: 'webchat', from: { id: 'dl_4f2a', name: '' } })).to.deep.equal({ ids: ['dl_4f2a'], channel: 'webchat' });
  });

  it('adds ids learned elsewhere, once each whatever their case', () => {
    const viewer = viewerFromActivity({ channelId: 'msteams', from: { id: '29:1abc', name: 'Ana', aadObjectId: 'AAD' } }, ['ana@contoso.com', 'Ana@Contoso.com', 'aad', ' ']);
    expect(viewer.ids).to.deep.equal(['29:1abc', 'AAD', 'ana@contoso.com']);
  });

  describe('ViewerSource', () => {
    it("asks Teams for the member's email only when told to, on Teams, once per user while cached", async () => {
      let calls = 0;
      const lookup = async (): Promise<string[]> => {
        calls++;
        return ['ana@contoso.com', 'ana@contoso.onmicrosoft.com'];
      };
      const teams = { channelId: 'msteams', from: { id: '29:1abc', name: 'Ana', aadObjectId: 'aad-1' } };
      const source = new ViewerSource({ teamsEmails: true, lookup });
      expect((await source.viewerOf(contextOf(teams))).ids).to.deep.equal(['29:1abc', 'aad-1', 'ana@contoso.com', 'ana@contoso.onmicrosoft.com']);
      await source.viewerOf(contextOf(teams));
      expect(calls).to.equal(1);
      await source.viewerOf(contextOf({ channelId: 'webchat', from: { id: 'dl_1', name: '' } }));
      expect(calls).to.equal(1);
      const off = new ViewerSource({ teamsEmails: false, lookup });
      expect((await off.viewerOf(contextOf(teams))).ids).to.deep.equal(['29:1abc', 'aad-1']);
      expect(calls).to.equal(1);
    });

    it('goes on without the email when Teams does not answer, and does not ask again on every message', async () => {
      let calls = 0;
      const logs = captureLogs('warn');
      try {
        const slow = new ViewerSource({
          teamsEmails: true,
          timeoutMs: 20,
          lookup: () => {
            calls++;
            return new Promise<string[]>(() => undefined);
          },
        });
        const teams = { channelId: 'msteams', from: { id: '29:1abc', name: 'Ana' } };
        expect((await slow.viewerOf(contextOf(teams))).ids).to.deep.equal(['29:1abc']);
        expect((await slow.viewerOf(contextOf(teams))).ids).to.deep.equal(['29:1abc']);
        expect(calls).to.equal(1);
        const failing = new ViewerSource({ teamsEmails: true, lookup: async () => Promise.reject(new Error('Forbidden')) });
        expect((await failing.viewerOf(contextOf(teams))).ids).to.deep.equal(['29:1abc']);
      } finally {
        logs.stop();
      }
      const records = logs.records();
      expect(records.map((r) => [r.level, r.event, (r.err as { message?: string } | undefined)?.message])).to.deep.equal([
        ['warn', 'access.memberLookupFailed', 'timed out'],
        ['warn', 'access.memberLookupFailed', 'Forbidden'],
      ]);
    });
  });
});
