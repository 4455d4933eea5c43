/**
 * Named alarm tasks that survive the service worker stopping: created only if missing, registered synchronously,
 * and each keeps its last run so that a task missed while the worker (or the browser) was stopped runs on wake.
 * Contexts: background only.
 */
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';

export interface AlarmTask {
  name: string;
  periodInMinutes: number;
  run: () => Promise<void>;
}

const lastRunsItem = storage.defineItem<Record<string, number>>('local:alarmTaskLastRuns', {
  fallback: {},
  version: 1,
});

/**
 * Registers the tasks. The `onAlarm` listener is added synchronously (an event that woke the worker must find it);
 * the alarms themselves and the catch-up run happen asynchronously. Resolves when catch-up is done.
 */
export function registerAlarmTasks(tasks: readonly AlarmTask[], now: () => number = Date.now): Promise<void> {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const running = new Map<string, Promise<void>>();

  const runTask = (task: AlarmTask): Promise<void> => {
    const inFlight = running.get(task.name);
    if (inFlight) return inFlight;
    const p = (async () => {
      try {
        await task.run();
      } catch (err) {
        console.warn(`Seller Lens: task ${task.name} failed`, err instanceof Error ? err.message : String(err));
      } finally {
        const runs = await lastRunsItem.getValue();
        await lastRunsItem.setValue({ ...runs, [task.name]: now() });
        running.delete(task.name);
      }
    })();
    running.set(task.name, p);
    return p;
  };

  browser.alarms.onAlarm.addListener((alarm) => {
    const task = byName.get(alarm.name);
    if (task) void runTask(task);
  });

  return (async () => {
    const runs = await lastRunsItem.getValue();
    await Promise.all(
      tasks.map(async (task) => {
        const existing = await browser.alarms.get(task.name);
        if (!existing || existing.periodInMinutes !== task.periodInMinutes) {
          await browser.alarms.create(task.name, {
            periodInMinutes: task.periodInMinutes,
            delayInMinutes: task.periodInMinutes,
          });
        }
        const last = runs[task.name];
        if (last === undefined || now() - last >= task.periodInMinutes * 60_000) await runTask(task);
      }),
    );
  })();
}
