import { request } from 'undici';
import type { RunningGateway } from '../../gateway/server';
import type { GraphQLReply, Stack } from '../helpers/stack';

/** A client loop's request: what it asks and how its reply is judged. */
export interface LoadStep {
  gateway: RunningGateway;
  query: string;
  variables?: Record<string, unknown>;
  /** A label for the reply (kept in order), or an Error message when the reply is wrong. */
  judge(reply: GraphQLReply): string | Error;
}

/** Clients sending requests back to back until stopped, keeping every verdict in order per client. */
export interface Load {
  /** Verdicts per client, in the order the replies came. */
  readonly verdicts: string[][];
  /** Wrong replies, with the client and what was wrong. */
  readonly failures: string[];
  /** Replies so far, all clients together. */
  replies(): number;
  /** Resolves once `n` more replies than now have come back. */
  more(n: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts one client loop per step, each sending its step again as soon as the reply is in. */
export function startLoad(stack: Stack, steps: LoadStep[]): Load {
  let running = true;
  let count = 0;
  const verdicts: string[][] = steps.map(() => []);
  const failures: string[] = [];
  const post = async (step: LoadStep): Promise<GraphQLReply> => {
    const res = await request(step.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'counter', ...(await stack.authHeaders()) },
      body: JSON.stringify({ query: step.query, variables: step.variables }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
  };
  const loops = steps.map(async (step, i) => {
    while (running) {
      let verdict: string | Error;
      try {
        verdict = step.judge(await post(step));
      } catch (e) {
        verdict = e as Error;
      }
      count++;
      if (verdict instanceof Error) failures.push(`client ${i}: ${verdict.message}`);
      else verdicts[i]!.push(verdict);
    }
  });
  return {
    verdicts,
    failures,
    replies: () => count,
    async more(n) {
      const target = count + n;
      while (count < target && running) await new Promise((r) => setTimeout(r, 10));
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** A sequence with repeats folded: `[a, a, b, b, a]` → `[a, b, a]`. */
export function runs(labels: string[]): string[] {
  return labels.filter((l, i) => i === 0 || labels[i - 1] !== l);
}
