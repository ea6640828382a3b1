import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';

/** One exchange: what the resident says, and fragments the bot's replies must contain, in order. */
export type Exchange = [says: string, replies: (string | RegExp)[]];

/** All the bot's replies to one message, as text (suggested actions appended as [buttons]). */
export async function say(client: DialogTestClient, text: string): Promise<string[]> {
  const replies: Partial<Activity>[] = [];
  let reply = (await client.sendActivity(text)) as Partial<Activity> | undefined;
  while (reply) {
    replies.push(reply);
    reply = client.getNextReply() as Partial<Activity> | undefined;
  }
  return replies.map(
    (r) =>
      `${r.text ?? ''}${r.suggestedActions ? ` [${r.suggestedActions.actions.map((a) => a.title).join(' | ')}]` : ''}`,
  );
}

/** Plays a script, asserting each reply contains its fragments in order; returns every reply. */
export async function converse(client: DialogTestClient, script: readonly Exchange[]): Promise<string[][]> {
  const transcript: string[][] = [];
  for (const [says, expected] of script) {
    const replies = await say(client, says);
    transcript.push(replies);
    const joined = replies.join('\n');
    let from = 0;
    for (const fragment of expected) {
      const rest = joined.slice(from);
      const match = typeof fragment === 'string' ? rest.indexOf(fragment) : rest.search(fragment);
      if (match < 0) {
        throw new Error(`After "${says}" expected ${String(fragment)} in:\n${joined}`);
      }
      from += match;
    }
  }
  return transcript;
}
