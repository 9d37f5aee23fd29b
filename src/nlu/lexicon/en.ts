import type { LanguageLexicon } from './types';

export const EN: LanguageLexicon = {
  chatSpeak: {
    u: 'you', ur: 'your', r: 'are', wat: 'what', wut: 'what', wht: 'what', whta: 'what', waht: 'what', hw: 'how', whn: 'when',
    pls: 'please', plz: 'please', plez: 'please', thx: 'thanks', thnx: 'thanks', tnx: 'thanks', ty: 'thank you', cuz: 'because',
    bc: 'because', abt: 'about', b4: 'before', msg: 'message', idk: 'i do not know', dunno: 'do not know', ppl: 'people',
    nbr: 'number', num: 'number', cnt: 'count', vm: 'voicemail', w: 'with', bout: 'about', gonna: 'going to',
    wanna: 'want to', gotta: 'have to', im: 'i am', ive: 'i have', dont: 'do not', doesnt: 'does not', didnt: 'did not', isnt: 'is not',
    wasnt: 'was not', cant: 'can not', wont: 'will not', whats: 'what is', hows: 'how is', wheres: 'where is', whys: 'why is',
  },
  speakerPhrases: [
    'new hire here', 'new hire', 'new agent here', 'new agent', 'new here', 'i am new here', 'i am new', 'newbie here', 'newbie',
    'first week here', 'first day here', 'just started here', 'i just started', 'team lead here', 'team lead', 'team leader here',
    'supervisor here', 'as a supervisor', 'as a team lead', 'as an agent', 'as a new agent', 'as a new hire', 'agent here',
    'manager here', 'quick question',
    'for a new hire', 'for a new agent',
  ],
  learnWords: [
    'teach', 'learn', 'course', 'training', 'train', 'lesson', 'lessons', 'quiz', 'tutorial', 'onboarding', 'practice', 'test',
    'study', 'start', 'beginner', 'beginners', 'scratch', 'retake', 'restart', 'resume', 'continue', 'ask me questions', 'test me',
  ],
  courseWords: [
    'course', 'training', 'lesson', 'lessons', 'quiz', 'onboarding', 'progress', 'score', 'result', 'results', 'finish', 'finished',
    'how am i doing', 'how is she doing', 'how is he doing', 'get right', 'so far',
  ],
  callWords: ['call', 'calls', 'contact', 'contacts', 'record', 'records', 'number', 'numbers', 'dial', 'dialed', 'lead', 'leads', 'attempt', 'report', 'customer', 'customers', 'dialer', 'queue'],
  campaignWords: ['campaign', 'campaigns'],
  improveWords: [
    'improve', 'improvement', 'improvements', 'reduce', 'lower', 'increase', 'raise', 'better', 'trend', 'trends', 'week',
    'weekly', 'analysis', 'analyze', 'tips', 'advice', 'focus', 'prioritize', 'best', 'rate', 'insights', 'performance', 'schedule',
  ],
  meaningWords: ['mean', 'means', 'meaning', 'what is', 'what is that', 'define', 'definition', 'what does', 'difference', 'same thing'],
  followUpWords: ['it', 'that', 'this', 'those', 'them', 'more', 'again', 'also', 'too', 'and then', 'what else'],
  listWords: [
    'list', 'show', 'show me', 'give me', 'any', 'all', 'every', 'each', 'compare', 'rank', 'ranked', 'sorted', 'ordered',
    'overview', 'table', 'who is', 'who are', 'who has', 'who was', 'whose', 'pull', 'export', 'how are',
  ],
  whichWords: ['which', 'what'],
  adviceWords: ['why', 'what do i do', 'what should i do', 'what to do', 'how do i', 'should i', 'explain', 'explained'],
  manyCampaignWords: ['campaigns'],
  manyContactWords: [
    'contacts', 'people', 'customers', 'everyone', 'ones', 'whose', 'who is', 'who are', 'who has', 'who hasnt', 'who has not',
    'who was', 'who got', 'who ended', 'who still', 'whos', 'who in', 'who did we',
  ],
  alertWords: [
    'alert', 'alerts', 'alerted', 'notify', 'notified', 'notification', 'notifications', 'tell me when', 'let me know', 'ping me',
    'warn me', 'heads up', 'keep me posted', 'keep me updated', 'keep an eye', 'subscribe', 'subscribed', 'subscription', 'subscriptions',
    'unsubscribe',
  ],
  countWords: ['how many', 'how much', 'vs', 'versus', 'percentage', 'percent', 'share', 'count', 'figures', 'numbers', 'breakdown', 'compare'],
  everydayWords: [
    'new', 'final', 'error', 'pending', 'waiting', 'planned', 'person', 'running', 'active', 'connected', 'reached', 'skipped', 'ongoing',
    'attempts', 'pause', 'closed', 'engaged', 'terminated', 'suspended', 'stopped', 'halted', 'scheduled', 'queued', 'intercept',
  ],
  labelCues: [
    'status', 'statuses', 'state', 'shows', 'show', 'showing', 'says', 'say', 'saying', 'marked', 'flagged', 'labeled', 'labelled',
    'as', 'in', 'set', 'result', 'column', 'mean', 'means', 'meaning', 'is', 'calls', 'call', 'contacts', 'campaign', 'what',
  ],
  statusPhrases: {
    failed: ['failure', 'failures'],
    paused: ['on pause'],
    busy: ['busy line', 'line was busy', 'engaged tone'],
    no_response: ['no one answered', 'nobody answered', 'nobody picked up', 'no one picked up', 'did not pick up', 'never picked up', 'rang and rang', 'rings out'],
    ivr: ['machine answered', 'a machine picked up', 'recorded message', 'robot answered', 'phone tree', 'press 1 menu'],
    incorrect_number: ['not our customer', 'someone else answered', 'wrong contact', 'wrong guy', 'does not know the customer', 'never heard of the customer'],
    completed_without_answer: ['completed without an answer', 'completed with no answer', 'completed unanswered', 'ran out of attempts', 'out of attempts'],
    roll_to_campaign: ['to another campaign', 'another campaign', 'moves to another campaign', 'move it to another campaign', 'sent to another campaign', 'roll to another', 'rolled to another campaign'],
    another_attempt_scheduled: ['will be called again', 'call again later', 'retry later', 'another attempt', 'call attempt scheduled'],
    do_not_call: ['do not call', 'never call again', 'stop calling'],
    plan_limit_exceeded: ['over the plan limit', 'plan limit reached'],
    drop_hang_up: ['hung up on', 'hangs up', 'hanging up'],
    operator_intercept: ['number not in service', 'out of service', 'number disconnected'],
    not_dialed: ['never dialled', 'not yet dialed', 'was not dialed'],
  },
};
