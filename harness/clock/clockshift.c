/*
 * clockshift: moves the wall clock of the process it is preloaded into.
 *
 * LD_PRELOAD=libclockshift.so CLOCKSHIFT_FILE=/path/to/offset <program>
 *
 * The offset file holds one little-endian int64: milliseconds to add to the
 * real time. It is mapped once and read on every call, so rewriting those
 * 8 bytes in place moves the clock of a running process. Monotonic clocks are
 * left alone: timers and timeouts keep running at real speed.
 *
 * No malloc and no lookup that can fail: allocators call clock_gettime before
 * symbols are resolved, and anything that allocates here can deadlock them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);

static volatile const int64_t *offset_ms;
static clock_gettime_fn real_clock_gettime;

__attribute__((constructor)) static void clockshift_init(void) {
  real_clock_gettime = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
  const char *path = getenv("CLOCKSHIFT_FILE");
  if (!path) return;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  // Mapping a file shorter than the offset would crash the process (SIGBUS) on the first read.
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(int64_t)) {
    close(fd);
    return;
  }
  void *map = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map != MAP_FAILED) offset_ms = map;
}

static int64_t current_offset_ms(void) { return offset_ms ? *offset_ms : 0; }

static void shift(struct timespec *ts) {
  int64_t ms = current_offset_ms();
  if (ms == 0) return;
  int64_t nsec = (int64_t)ts->tv_nsec + (ms % 1000) * 1000000;
  ts->tv_sec += ms / 1000 + nsec / 1000000000;
  nsec %= 1000000000;
  if (nsec < 0) {
    nsec += 1000000000;
    ts->tv_sec -= 1;
  }
  ts->tv_nsec = nsec;
}

static int real_now(clockid_t clock, struct timespec *ts) {
  // Before the constructor ran (another library's constructor asking the time), ask the kernel's vDSO via the real symbol.
  if (!real_clock_gettime) real_clock_gettime = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
  return real_clock_gettime(clock, ts);
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
  int result = real_now(clock, ts);
  if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) shift(ts);
  return result;
}

// glibc declares tv non-null, but callers do pass NULL; keep the check.
#pragma GCC diagnostic ignored "-Wnonnull-compare"
int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz;
  struct timespec ts;
  int result = clock_gettime(CLOCK_REALTIME, &ts);
  if (result == 0 && tv) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  return result;
}

time_t time(time_t *out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out) *out = ts.tv_sec;
  return ts.tv_sec;
}

int timespec_get(struct timespec *ts, int base) {
  if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) != 0) return 0;
  return base;
}
