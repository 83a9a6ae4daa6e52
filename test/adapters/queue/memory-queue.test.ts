import { describe, expect, it } from "vitest";
import { MemoryQueue } from "../../../src/adapters/queue/memory-queue.js";
import { sleep, until } from "./helpers.js";

describe("MemoryQueue", () => {
  it("aborts a job that outlasts the grace period and keeps it, unspent, at the head of its key", async () => {
    const queue = new MemoryQueue<{ n: number }>();
    const aborted: string[] = [];
    queue.process(
      (job) =>
        new Promise<void>((_resolve, reject) => {
          job.signal.addEventListener("abort", () => {
            aborted.push(job.id);
            reject(new Error("aborted"));
          });
        }),
    );
    await queue.enqueue({ name: "x", key: "k", data: { n: 1 } });
    await queue.enqueue({ name: "x", key: "k", data: { n: 2 } });
    await until(async () => (await queue.stats()).active === 1);
    await queue.close({ graceMs: 50 });
    expect(aborted).toHaveLength(1);
    expect(await queue.stats()).toEqual({ waiting: 2, active: 0, delayed: 0, deadLetters: 0 });
  });

  it("expires done marks on the injected clock", async () => {
    let now = 1_000;
    const queue = new MemoryQueue<null>({ now: () => now });
    let runs = 0;
    queue.process(async () => void runs++);
    const dedupe = [{ key: "image:x", ttlMs: 10 }];
    await queue.enqueue({ name: "x", key: "k", data: null, dedupe });
    await until(() => runs === 1);
    await sleep(1);
    expect((await queue.enqueue({ name: "x", key: "k", data: null, dedupe })).status).toBe(
      "duplicate",
    );
    now += 11;
    expect((await queue.enqueue({ name: "x", key: "k", data: null, dedupe })).status).toBe(
      "queued",
    );
    await queue.close();
  });

  it("holds 10,000 jobs on one busy key without slowing the other keys", async () => {
    const queue = new MemoryQueue<{ n: number }>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const others: number[] = [];
    queue.process(async (job) => (job.key === "busy" ? gate : void others.push(job.data.n)), {
      concurrency: 2,
    });
    for (let n = 0; n < 10_000; n++) await queue.enqueue({ name: "x", key: "busy", data: { n } });
    for (let n = 0; n < 100; n++)
      await queue.enqueue({ name: "x", key: `other-${n}`, data: { n } });
    await until(() => others.length === 100);
    expect((await queue.stats()).waiting).toBe(9_999);
    release();
    await queue.close({ graceMs: 10_000 });
  });
});

describe("MemoryMarks", () => {
  it("forgets done marks in expiry order, but never a mark set again since", async () => {
    const { MemoryMarks } = await import("../../../src/adapters/queue/memory-marks.js");
    const marks = new MemoryMarks();
    const a = [{ key: "a", ttlMs: 10 }];
    marks.claim(a, "j1");
    marks.done(a, "j1", 0);
    expect(marks.find(a, 5)).toEqual({ state: "done", jobId: "j1", mark: "a" });
    expect(marks.find(a, 10)).toBeNull();
    marks.claim(a, "j2");
    marks.done(a, "j2", 20);
    marks.claim([{ key: "b", ttlMs: 10 }], "j3");
    expect(marks.find(a, 25)).toEqual({ state: "done", jobId: "j2", mark: "a" });
    expect(marks.find([{ key: "b", ttlMs: 10 }], 1_000)).toEqual({
      state: "in-flight",
      jobId: "j3",
      mark: "b",
    });
  });
});
