// The gateway's event loop asks Linux for a short scheduler slice, so that it gets a CPU soon after an order arrives.
//
// Why: Linux 6.6+ schedules normal threads with EEVDF. A thread that wakes (the event loop, on an incoming order) waits
// until the thread running on the CPU has used its slice (0.7 ms x (1 + log2 CPUs): 1.4 ms on 2 CPUs), even when that
// thread is one of V8's own GC or compiler helpers in the same process. On the 2-core VM those waits were 13-20 of the
// 20 slowest orders in every run (docs/gateway.md, "Order latency"). Since Linux 6.12 a thread may ask for a shorter
// slice of its own (sched_setattr with sched_runtime, 0.1-100 ms; no privilege needed): a waking thread with a shorter
// slice than the running one preempts it at once. Its share of the CPU does not change (same nice, same weight): it
// runs sooner, in shorter pieces. Order round trip p99 on the 2-core VM, quiet: 0.99-1.43 ms by the socket and
// 1.26-1.93 ms over HTTP in 9 runs, against 1.64-1.95 and 2.01-2.99 ms in 8 runs with the default slice.
//
// Only the calling thread (the event loop) is changed: SCHED_FLAG_RESET_ON_FORK keeps threads it creates later
// (workers, libuv's pool) on the default slice. Node has no binding for sched_setattr; koffi (an FFI library with
// prebuilt binaries from npm) calls libc's syscall().
import { arch, platform, release } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** What `shortenEventLoopSlice` did; `reason` says why not, in words a maintainer can act on. */
export type EventLoopSlice =
  | { applied: true; sliceUs: number; defaultSliceUs?: number }
  | { applied: false; reason: string };

/** sched_setattr / sched_getattr syscall numbers (they differ by architecture). */
const SYSCALLS: Record<string, { set: number; get: number }> = {
  x64: { set: 314, get: 315 },
  arm64: { set: 274, get: 275 },
};
const SCHED_OTHER = 0;
const SCHED_BATCH = 3;
const SCHED_FLAG_RESET_ON_FORK = 0x01n;
/** struct sched_attr without the utilisation clamps (SCHED_ATTR_SIZE_VER0). */
const ATTR_SIZE = 48;
/** The range Linux accepts for a normal thread's slice. */
export const SLICE_US_MIN = 100;
export const SLICE_US_MAX = 100_000;

/** The slice this process's event loop got from shortenEventLoopSlice, µs; undefined while it has the default. */
let applied: number | undefined;
export function eventLoopSliceUs(): number | undefined {
  return applied;
}

/**
 * Asks the kernel for a `sliceUs` scheduler slice for the calling thread, which must be the main thread (the event
 * loop). Never throws: where it cannot (not Linux, a kernel before 6.12, a real-time policy set by the operator, koffi
 * missing) it changes nothing and says why. 0 = leave the kernel's default.
 */
export async function shortenEventLoopSlice(sliceUs: number): Promise<EventLoopSlice> {
  if (sliceUs === 0) return { applied: false, reason: 'disabled (AIO_EVENT_LOOP_SLICE_US=0): the kernel default slice' };
  if (!Number.isInteger(sliceUs) || sliceUs < SLICE_US_MIN || sliceUs > SLICE_US_MAX) {
    return { applied: false, reason: `${sliceUs} µs is outside what Linux accepts (${SLICE_US_MIN}-${SLICE_US_MAX} µs)` };
  }
  if (!isMainThread) return { applied: false, reason: 'not called on the main thread (the event loop)' };
  if (platform() !== 'linux') return { applied: false, reason: `${platform()} has no per-thread scheduler slice (Linux 6.12+ only)` };
  const nr = SYSCALLS[arch()];
  if (!nr) return { applied: false, reason: `no sched_setattr syscall number known for ${arch()} (x64 and arm64 are)` };
  let syscall: (...args: unknown[]) => number | bigint;
  let errno: () => number;
  try {
    const koffi = (await import('koffi')).default;
    // The process's own symbols: libc's syscall() whichever libc it is (glibc, musl).
    syscall = koffi.load(null).func('long syscall(long number, ...)') as (...args: unknown[]) => number | bigint;
    errno = () => koffi.errno();
  } catch (e) {
    return { applied: false, reason: `cannot call the C library through koffi: ${e instanceof Error ? e.message : String(e)}` };
  }

  const attr = Buffer.alloc(56);
  if (Number(syscall(nr.get, 'int', 0, 'void *', attr, 'unsigned int', attr.length, 'unsigned int', 0)) !== 0) {
    return { applied: false, reason: `sched_getattr failed (errno ${errno()})` };
  }
  const policy = attr.readUInt32LE(4);
  if (policy !== SCHED_OTHER && policy !== SCHED_BATCH) {
    return { applied: false, reason: `the event loop runs under scheduling policy ${policy} (set by the operator): left as it is` };
  }
  const defaultSliceUs = Number(attr.readBigUInt64LE(24)) / 1000 || undefined;
  // Same policy and nice value; a slice of its own; threads created later start from the defaults.
  const set = Buffer.alloc(ATTR_SIZE);
  set.writeUInt32LE(ATTR_SIZE, 0);
  set.writeUInt32LE(policy, 4);
  set.writeBigUInt64LE(SCHED_FLAG_RESET_ON_FORK, 8);
  set.writeInt32LE(attr.readInt32LE(16), 16);
  set.writeBigUInt64LE(BigInt(sliceUs) * 1000n, 24);
  if (Number(syscall(nr.set, 'int', 0, 'void *', set, 'unsigned int', 0)) !== 0) {
    return { applied: false, reason: `sched_setattr failed (errno ${errno()})` };
  }
  // Kernels before 6.12 accept the call and ignore the slice of a normal thread: read back what took effect.
  const check = Buffer.alloc(56);
  syscall(nr.get, 'int', 0, 'void *', check, 'unsigned int', check.length, 'unsigned int', 0);
  const got = Number(check.readBigUInt64LE(24)) / 1000;
  if (got !== sliceUs) {
    return { applied: false, reason: `this kernel (${release()}) has no per-thread slice for normal threads (Linux 6.12+): the default applies` };
  }
  applied = sliceUs;
  return { applied: true, sliceUs, defaultSliceUs };
}
