import type { LearnerDirectory } from '../core/course/learnerProgress';
import type { CourseProgress } from '../core/course/courseProgress';
import type { StateStore } from './stateStore';

/** Where the bot keeps a user's course progress in their user state (UserState property `profile`, field `course`). */
const COURSE_PATH = '$.profile.course';

/** The learners in the state store: every user state with course progress (validated by the caller). */
export class StateLearnerDirectory implements LearnerDirectory {
  constructor(private readonly store: Pick<StateStore, 'userValues'>) {}

  async learners(): Promise<CourseProgress[]> {
    return (await this.store.userValues(COURSE_PATH)) as CourseProgress[];
  }
}

/** The same over botbuilder's MemoryStorage, given the object it keeps its JSON items in (the console and tests). */
export class MemoryLearnerDirectory implements LearnerDirectory {
  constructor(private readonly memory: Record<string, string>) {}

  async learners(): Promise<CourseProgress[]> {
    const found: CourseProgress[] = [];
    for (const [key, json] of Object.entries(this.memory)) {
      if (key.split('/')[1] !== 'users') continue;
      const course = (JSON.parse(json) as { profile?: { course?: unknown } }).profile?.course;
      if (course && typeof course === 'object') found.push(course as CourseProgress);
    }
    return found;
  }
}
