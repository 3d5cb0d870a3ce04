// What a person sees before and after a pointer action: the screen with the target marked, and a thumbnail afterwards.
import type { ApprovalPreview } from '../../../shared/types.js';
import { markTarget, thumbnail } from './screenImage.js';
import type { Point } from '../../drivers/types.js';
import { peekPointOf, type Spot } from './spots.js';
import type { ToolEnv } from './toolDefinition.js';

/** A fresh screenshot with the spot marked; a spot that cannot be placed or an unreadable screen leaves the sentence alone. */
export async function previewAt(env: ToolEnv, spot: Spot | undefined, description: string): Promise<ApprovalPreview> {
  if (!spot) return { description };
  let target: Point;
  try {
    target = (await peekPointOf(env, spot)).point;
  } catch (err) {
    return { description: `${description}. ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const image = await markTarget(await env.drivers.screen.capture(), target);
    return { description, image, target };
  } catch {
    // The sentence alone still tells the person what will happen; a failed capture must not block the approval.
    return { description, target };
  }
}

export async function screenThumbnail(env: ToolEnv): Promise<string | undefined> {
  try {
    return await thumbnail(await env.drivers.screen.capture());
  } catch {
    // The thumbnail only decorates the feed; the action itself already finished.
    return undefined;
  }
}
