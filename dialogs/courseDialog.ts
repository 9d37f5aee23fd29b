import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './dialogKit';
import type { AuditLog } from '../src/access/auditLog';
import type { AccessPolicy } from '../src/access/roles';
import { runCourse } from '../src/core/course/courseCoach';
import type { CourseRequest } from '../src/core/course/courseInput';
import { isUsableProgress, type CourseProgress } from '../src/core/course/courseProgress';
import { progressReply, type LearnerDirectory } from '../src/core/course/learnerProgress';
import type { Recognition } from '../src/domain/recognition';
import { COURSE_DIALOG } from './dialogIds';
import { sendAnswers } from './send';
import type { UserProfile } from './userProfile';
import type { ViewerOf } from './viewerOf';

export interface CourseOptions {
  request: CourseRequest;
  recognition: Recognition;
}

export interface CourseAccess {
  learners: LearnerDirectory;
  policy: AccessPolicy;
  audit: AuditLog;
}

const STEPS = 'courseSteps';

/** What a course turn ends with, so the router knows the turn is answered. */
export const COURSE_TURN_DONE = { course: true } as const;

/** The learner's stored progress, if this build of the course can use it. */
export async function courseProgressOf(profile: StatePropertyAccessor<UserProfile>, context: WaterfallStepContext['context']): Promise<CourseProgress | undefined> {
  const course = (await profile.get(context, {})).course;
  return isUsableProgress(course) ? course : undefined;
}

/**
 * One course turn: the core moves the learner on (lesson, question, feedback, results) and the new place is saved in
 * the user's state, so it outlives the conversation, a restart, and days away. Also answers "how am I / is Ana doing?".
 */
export class CourseDialog extends ComponentDialog {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly viewers: ViewerOf,
    private readonly access: CourseAccess,
  ) {
    super(COURSE_DIALOG);
    this.addDialog(new WaterfallDialog(STEPS, [this.step.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async step(step: WaterfallStepContext<CourseOptions>): Promise<DialogTurnResult> {
    const { request, recognition } = step.options;
    const { context } = step;
    const lang = recognition.language;
    const viewer = await this.viewers.viewerOf(context);
    const progress = await courseProgressOf(this.profile, context);
    const now = new Date();
    if (request.type === 'progress') {
      const answer = await progressReply({ text: recognition.text, lang, viewer, own: progress, now }, this.access.learners, this.access.policy, this.access.audit);
      await sendAnswers(context, [answer]);
      return step.endDialog(COURSE_TURN_DONE);
    }
    const name = context.activity.from?.name?.trim() || undefined;
    const turn = runCourse(progress, request, { ids: viewer.ids, name }, lang, now);
    const current = await this.profile.get(context, {});
    await this.profile.set(context, { ...current, course: turn.progress });
    await sendAnswers(context, turn.answers);
    return step.endDialog(COURSE_TURN_DONE);
  }
}
