/**
 * The scheduler's environment in a real page: the clock, animation frames, timers and task
 * yielding, each ending with the content script's signal.
 */
import type { SchedulerEnv } from './scheduler';
import type { SignalTimers } from './timers';

/** The real browser services; every timer ends with `timers`' signal. */
export function browserSchedulerEnv(timers: SignalTimers, signal: AbortSignal): SchedulerEnv {
  // A message to ourselves is the fastest way to yield a task (setTimeout(0) is clamped when nested).
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => {
    if (!signal.aborted) tasks.shift()?.();
  };
  signal.addEventListener('abort', () => channel.port1.close(), { once: true });
  return {
    now: () => performance.now(),
    // Animation frames pause in hidden tabs: the task then runs the flush alone.
    frame: (callback) => void timers.frame(callback),
    yieldTask: (callback) => {
      tasks.push(callback);
      channel.port2.postMessage(0);
    },
    timer: (callback, ms) => void timers.timeout(callback, ms),
    location: () => location.href,
  };
}
