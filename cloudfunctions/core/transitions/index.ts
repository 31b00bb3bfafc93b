// The registry of commands: one module per command (or per close pair), each with the act it needs a grant
// for (grants.ts) and its step. To change one transition, read its file.
import { accept, type AcceptCommand } from './accept'
import { route, release, transfer, type ReleaseCommand, type RouteCommand, type TransferCommand } from './dispatch'
import { decideExtension, requestExtension, type DecideExtensionCommand, type RequestExtensionCommand } from './extension'
import { rate, type RateCommand } from './rate'
import { resolve, resolveOnSpot, type ResolveCommand, type ResolveOnSpotCommand } from './resolve'
import { returnCase, type ReturnCommand } from './return'
import { publishSummary, setPublication, unpublish, type PublishSummaryCommand, type SetPublicationCommand, type UnpublishCommand } from './publication'
import type { Transition } from './shared'
import { supplement, type SupplementCommand } from './supplement'
import { withdraw, type WithdrawCommand } from './withdraw'
import { callback, sampleCallback, type CallbackCommand, type SampleCallbackCommand } from './callback'
import { anonymize, forgetFollower, mediaHold, type AnonymizeCommand, type ForgetFollowerCommand, type MediaHoldCommand } from './privacy'
import { urge, type UrgeCommand } from './urge'
import { supervise, superviseReply, type SuperviseCommand, type SuperviseReplyCommand } from './supervise'
import { progress, type ProgressCommand } from './progress'
import { instruct, type InstructCommand } from './instruct'
import { absorb, follow, followerNote, merge, unabsorb, unfollow, unmerge } from './metoo'
import type { AbsorbCommand, FollowCommand, FollowerNoteCommand, MergeCommand, UnabsorbCommand, UnfollowCommand, UnmergeCommand } from './metoo'
import { claim, type ClaimCommand } from './claim'
import { followerRate, type FollowerRateCommand } from './followerRate'

export type Command =
  | AcceptCommand
  | ReturnCommand
  | ResolveCommand
  | ResolveOnSpotCommand
  | SupplementCommand
  | WithdrawCommand
  | RateCommand
  | RouteCommand
  | TransferCommand
  | ReleaseCommand
  | RequestExtensionCommand
  | DecideExtensionCommand
  | SetPublicationCommand
  | PublishSummaryCommand
  | UnpublishCommand
  | CallbackCommand
  | SampleCallbackCommand
  | AnonymizeCommand
  | ForgetFollowerCommand
  | MediaHoldCommand
  | UrgeCommand
  | SuperviseCommand
  | SuperviseReplyCommand
  | ProgressCommand
  | InstructCommand
  // (metoo)
  | FollowCommand
  | UnfollowCommand
  | FollowerNoteCommand
  | MergeCommand
  | AbsorbCommand
  | UnmergeCommand
  | UnabsorbCommand
  | ClaimCommand
  | FollowerRateCommand

export const TRANSITIONS: { [K in Command['type']]: Transition<Extract<Command, { type: K }>> } = {
  accept,
  return: returnCase,
  resolve,
  resolve_on_spot: resolveOnSpot,
  supplement,
  withdraw,
  rate,
  route,
  transfer,
  release,
  request_extension: requestExtension,
  decide_extension: decideExtension,
  set_publication: setPublication,
  publish_summary: publishSummary,
  unpublish,
  callback,
  callback_sample: sampleCallback,
  anonymize,
  forget_follower: forgetFollower,
  media_hold: mediaHold,
  urge,
  supervise,
  supervise_reply: superviseReply,
  progress,
  instruct,
  follow,
  unfollow,
  follower_note: followerNote,
  merge,
  absorb,
  unmerge,
  unabsorb,
  claim,
  follower_rate: followerRate
}

export { MAX_EXTENSION_WORKDAYS } from './extension'
export { MAX_REOPENS } from './rate'
export { countFollowerRatings } from './followerRate'
export type { Step, Transition, EventDraft } from './shared'
