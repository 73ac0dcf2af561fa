/// <reference lib="webworker" />
// The explorer's simulations run here, off the page's thread, so sliders stay smooth while a run
// computes. One request at a time; the page sends the newest state when a reply arrives.
import catalog from 'bonesim:catalog';
import { createRunner, type RunReply, type RunRequest } from './runner.ts';

const run = createRunner(catalog);
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<RunRequest>) => {
  const reply: RunReply = run(event.data);
  // The series' buffers move to the page instead of being copied.
  const transfer = reply.ok ? [reply.result.times.buffer, ...Object.values(reply.result.series).map((s) => s.buffer)] : [];
  scope.postMessage(reply, [...new Set(transfer)] as ArrayBuffer[]);
};
