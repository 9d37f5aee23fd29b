import { TeamsInfo, type TurnContext } from 'botbuilder';

/** A Teams user's email and UPN, which activities do not carry: only Teams' member API gives them. */
export type MemberIdsLookup = (context: TurnContext) => Promise<string[]>;

export const teamsMemberIds: MemberIdsLookup = async (context) => {
  const member = await TeamsInfo.getMember(context, context.activity.from.id);
  return [member.email, member.userPrincipalName].filter((id): id is string => typeof id === 'string' && id.length > 0);
};
