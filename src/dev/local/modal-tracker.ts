/**
 * Which modals each person has open. The emulator records every `views.open`/`views.push` but
 * cannot know when Slack's client would close one: that follows from the app's answer to a
 * submission (or the person pressing Cancel), which the playground sees and reports here.
 */
import type { JsonObject, SlackEmulator } from '../slack-emulator/index.js';
import type { OpenModal } from './playground-contract.js';

export class ModalTracker {
  private readonly closed = new Set<string>();
  /** Content set by a submission's `response_action: "update"`, which Slack applies client-side. */
  private readonly replaced = new Map<string, { view: JsonObject; hash: string; baseHash: string }>();

  constructor(private readonly emulator: SlackEmulator) {}

  /** The person's open modals, bottom of the stack first. */
  stack(userId: string): OpenModal[] {
    const ids = this.emulator
      .views()
      .filter(
        (record) => record.user === userId && (record.action === 'opened' || record.action === 'pushed'),
      )
      .map((record) => record.viewId)
      .filter((viewId) => !this.closed.has(viewId));
    return [...new Set(ids)].flatMap((viewId) => {
      const modal = this.find(viewId);
      return modal ? [modal] : [];
    });
  }

  top(userId: string): OpenModal | undefined {
    return this.stack(userId).at(-1);
  }

  /** The modal if it is open (and belongs to `userId`, when given). */
  open(viewId: string, userId?: string): OpenModal | undefined {
    if (this.closed.has(viewId)) return undefined;
    const stored = this.emulator.view(viewId);
    if (stored?.type !== 'modal' || (userId !== undefined && stored.user !== userId)) return undefined;
    return this.find(viewId);
  }

  close(viewId: string): void {
    this.closed.add(viewId);
  }

  closeAll(userId: string): void {
    for (const modal of this.stack(userId)) this.closed.add(modal.viewId);
  }

  replace(viewId: string, view: JsonObject): void {
    const baseHash = this.emulator.view(viewId)?.hash ?? '';
    const previous = this.replaced.get(viewId)?.hash ?? baseHash;
    this.replaced.set(viewId, { view, hash: `${previous}+local`, baseHash });
  }

  private find(viewId: string): OpenModal | undefined {
    const stored = this.emulator.view(viewId);
    if (!stored) return undefined;
    // A later `views.update` from the app wins over what the submission answer set.
    const local = this.replaced.get(viewId);
    return local && local.baseHash === stored.hash
      ? { viewId, hash: local.hash, view: local.view }
      : { viewId, hash: stored.hash, view: stored.view };
  }
}
