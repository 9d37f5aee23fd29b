import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './dialogKit';
import type { Assistant } from '../src/core/assistant';
import type { ConversationMemory, Reply } from '../src/core/reply';
import type { Recognition } from '../src/domain/recognition';
import { withContinueButton } from '../src/core/course/courseAnswers';
import { readCourseAction } from '../src/core/course/courseInput';
import { ClarifyDialog, type ClarifyOptions, type ClarifyResult } from './clarifyDialog';
import { CourseDialog, courseProgressOf, type CourseAccess, type CourseOptions } from './courseDialog';
import { CLARIFY_DIALOG, COURSE_DIALOG, MAIN_DIALOG } from './dialogIds';
import { referenceFor } from './conversationReference';
import { sendAnswers } from './send';
import { turnRecognition } from './turnInput';
import type { ViewerOf } from './viewerOf';
import { rememberLanguage, type UserProfile } from './userProfile';

const STEPS = 'mainSteps';
/** Where answerWithoutDialogs() leaves a reply that needs the dialogs, so the core is asked once a turn. */
const REPLY_KEY = Symbol('mainDialogReply');

function takeReply(context: TurnContext): Reply | undefined {
  const reply = context.turnState.get(REPLY_KEY) as Reply | undefined;
  context.turnState.delete(REPLY_KEY);
  return reply;
}

/** The router: every message comes here, is answered by the core, and goes to a clarification when the core asks which. */
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly assistant: Assistant,
    private readonly memory: StatePropertyAccessor<ConversationMemory>,
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly viewers: ViewerOf,
    course: CourseAccess,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(new ClarifyDialog());
    this.addDialog(new CourseDialog(profile, viewers, course));
    this.addDialog(new WaterfallDialog(STEPS, [this.route.bind(this), this.afterChild.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** Runs the dialog stack for one turn, as the BotBuilder samples' dialog helper does. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    if (!(await dialogState.get(context))?.dialogStack?.length && (await this.answerWithoutDialogs(context))) return;
    const dialogSet = new DialogSet(dialogState);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const recognition = turnRecognition(step.context);
    const request = readCourseAction(recognition.text, recognition.intent, await courseProgressOf(this.profile, step.context));
    if (request) return step.beginDialog(COURSE_DIALOG, { request, recognition } satisfies CourseOptions);
    const reply = takeReply(step.context) ?? (await this.answer(step.context, recognition));
    if (reply.clarification) {
      return step.beginDialog(CLARIFY_DIALOG, { recognition, clarification: reply.clarification } satisfies ClarifyOptions);
    }
    await this.deliver(step.context, reply);
    return step.endDialog();
  }

  /**
   * Most turns start no dialog and find none under way: they get route()'s answer without the dialog stack (a
   * DialogSet, contexts, a waterfall begun and ended: about a tenth of such a turn's JavaScript). False when the turn
   * needs the dialogs (a course action, a clarification to ask); the core's reply is then kept for route().
   */
  private async answerWithoutDialogs(context: TurnContext): Promise<boolean> {
    const recognition = turnRecognition(context);
    if (readCourseAction(recognition.text, recognition.intent, await courseProgressOf(this.profile, context))) return false;
    const reply = await this.answer(context, recognition);
    if (reply.clarification) {
      context.turnState.set(REPLY_KEY, reply);
      return false;
    }
    await this.deliver(context, reply);
    return true;
  }

  /** After a clarification (the pick, or a new question to route) or a course turn (nothing more to do). */
  private async afterChild(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as ClarifyResult | { course: true } | undefined;
    if (result && 'course' in result) return step.endDialog();
    if (!result || 'reroute' in result) return step.replaceDialog(STEPS);
    // The one who picks sees the answer: in a group chat, not necessarily the one who asked.
    const viewer = await this.viewers.viewerOf(step.context);
    const { recognition, resolution } = result;
    const memory = await this.memory.get(step.context, {});
    await this.deliver(step.context, await this.assistant.resolve(recognition, resolution, memory, viewer, referenceFor(resolution.intent, step.context)));
    return step.endDialog();
  }

  /** The core's answer to the turn's message, asked by whoever sent it, from where it was sent. */
  private async answer(context: TurnContext, recognition: Recognition): Promise<Reply> {
    const memory = await this.memory.get(context, {});
    return this.assistant.respond(recognition, memory, await this.viewers.viewerOf(context), referenceFor(recognition.intent, context));
  }

  private async deliver(context: TurnContext, reply: Reply): Promise<void> {
    await this.memory.set(context, reply.memory);
    if (reply.preferredLanguage) await rememberLanguage(this.profile, context, reply.preferredLanguage);
    // a question in the middle of the course: answered, with the way back to the learner's place
    await sendAnswers(context, withContinueButton(reply.answers, await courseProgressOf(this.profile, context)));
  }
}
