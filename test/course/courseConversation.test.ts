import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { MemoryAuditLog } from '../../src/access/auditLog';
import type { AccessPolicy } from '../../src/access/roles';
import { buttonsOf, type Conversation, startConversation, testBot } from '../helpers/botHarness';
import { optionLabel, questionShown } from './quizKey';
import type { Lang } from '../../src/domain/language';

const lastText = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? '').join('\n\n');

/** Starts the course and answers `count` questions right, returning the last replies. */
async function answerRight(chat: Conversation, count: number, lang: Lang, first: Partial<Activity>[]): Promise<Partial<Activity>[]> {
  let replies = first;
  for (let i = 0; i < count; i++) {
    const question = questionShown(lastText(replies), lang);
    replies = await chat.say(optionLabel(question, question.answer, lang));
  }
  return replies;
}

describe('the onboarding course in a conversation', () => {
  it('keeps the place when a normal question comes in the middle, and offers the way back', async () => {
    const chat = startConversation();
    const start = await chat.say("I'm new, teach me the statuses");
    expect(lastText(start)).to.contain('Lesson 1 of 4');
    const quiz = await chat.say('Start the quiz');
    const question = questionShown(lastText(quiz), 'en');

    const aside = await chat.say('what does busy mean?');
    expect(aside[0]!.text).to.contain('**Busy**');
    expect(buttonsOf(aside[aside.length - 1]!)[0]).to.equal('Continue the course');

    const back = await chat.say('Continue the course');
    expect(questionShown(lastText(back), 'en').id).to.equal(question.id);
    const answered = await chat.say(optionLabel(question, question.answer, 'en'));
    expect(answered[0]!.text).to.match(/^✅ Right!/);
    expect(lastText(answered)).to.contain('Question 2 of 4');
  });

  it('runs in Spanish with Spanish commands, and says where the learner is when asked', async () => {
    const chat = startConversation({ locale: 'es-ES' });
    const start = await chat.say('soy nuevo, quiero aprender');
    expect(lastText(start)).to.contain('Lección 1 de 4');
    const quiz = await chat.say('empezar las preguntas');
    const after = await answerRight(chat, 2, 'es', quiz);
    expect(lastText(after)).to.contain('Pregunta 3 de 4');
    const progress = await chat.say('¿cómo voy en el curso?');
    expect(progress[0]!.text).to.contain('Tu progreso en el curso');
    expect(progress[0]!.text).to.contain('2 de 2 aciertos');
    const paused = await chat.say('parar');
    expect(paused[0]!.text).to.contain('Curso en pausa en la pregunta 3 de 4 de la lección 1');
    // paused: an option's text is still read as the answer only while a question waits (it does), but a question is a question
    const aside = await chat.say('¿qué significa ocupado?');
    expect(aside[0]!.text).to.contain('**Ocupado**');
    expect(buttonsOf(aside[aside.length - 1]!)).to.not.include('Continuar el curso');
  });

  it('lets a supervisor see a learner of their team, and refuses others with the same words as for nobody', async () => {
    const policy: AccessPolicy = {
      mode: 'file',
      source: 'roles.yaml',
      default: { role: 'guest', campaigns: [] },
      users: [
        { ids: ['sup-spring'], role: 'supervisor', campaigns: ['Spring Renewals'] },
        { ids: ['sup-all'], role: 'supervisor', campaigns: '*' },
        { ids: ['agent-ana'], role: 'agent', campaigns: ['Spring Renewals'] },
        { ids: ['agent-luis'], role: 'agent', campaigns: ['Cobranza Marzo'] },
      ],
    };
    const audit = new MemoryAuditLog();
    const services = testBot({ access: policy, audit });
    const as = (userId: string, name: string): Conversation => {
      const chat = startConversation({ services, userId });
      return { ...chat, say: (text: string) => chat.send({ type: 'message', text, from: { id: userId, name } }) };
    };
    const ana = as('agent-ana', 'Ana Torres');
    await ana.say('teach me the statuses');
    await answerRight(ana, 3, 'en', await ana.say('Start the quiz'));
    const luis = as('agent-luis', 'Luis Pérez');
    await luis.say('teach me the statuses');

    const spring = as('sup-spring', 'Sara');
    const seen = await spring.say('how is Ana Torres doing in the course?');
    expect(seen[0]!.text).to.contain('Course progress of **Ana Torres**');
    expect(seen[0]!.text).to.contain('3 of 3 right');
    const refused = await spring.say('how is Luis doing in the course?');
    const nobody = await spring.say('how is Roberto doing in the course?');
    expect(refused[0]!.text).to.contain("I can't show course progress for that person");
    expect(nobody[0]!.text).to.equal(refused[0]!.text);
    expect(await as('sup-all', 'Boss').say('course progress of Luis')).to.satisfy((r: Partial<Activity>[]) => r[0]!.text!.includes('**Luis Pérez**'));
    // an agent sees only their own
    const peek = await luis.say('how is Ana doing in the course?');
    expect(peek[0]!.text).to.equal(refused[0]!.text);
    expect(audit.entries.filter((e) => e.action === 'course.progress').map((e) => e.decision)).to.deep.equal(['allowed', 'refused', 'not_found', 'allowed', 'refused']);
  });
});
