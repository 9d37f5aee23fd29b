/**
 * The parts of botbuilder-dialogs the dialogs use, each from its own module. The package's index also loads every
 * prompt and Microsoft's text recognizers (numbers, dates and choices in many languages): about 300 ms of a start-up
 * and 20 MB for prompts this bot does not use. The classes are the same ones the index exports; types come from it
 * (erased when compiled).
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { DialogState, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
