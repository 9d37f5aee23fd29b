export const MAIN_DIALOG = 'mainDialog';
export const CLARIFY_DIALOG = 'clarifyDialog';
export const COURSE_DIALOG = 'courseDialog';
