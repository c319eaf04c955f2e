/*
 * clockshift: moves the wall clock of the process it is preloaded into.
 *
 * LD_PRELOAD=libclockshift.so CLOCKSHIFT_FILE=/path/to/offset <program>
 *
 * The offset file holds one little-endian int64: milliseconds to add to the
 * real time. It is mapped once and read on every call, so rewriting those
 * 8 bytes in place moves the clock of a running process. Monotonic clocks are
 * left alone: timers and timeouts keep running at real speed. So do waits until
 * a deadline on the wall clock (pthread_cond_timedwait and its kin): the caller
 * computed the deadline from the moved clock, and the kernel is given it back
 * on the real one. Otherwise a wait of 100 ms, begun with the clock 30 days
 * ahead, lasted 30 days, and WebKit's processes hung where they wait with a
 * timeout (a MiniBrowser starting while its worker's clock read 2038 never
 * answered its driver).
 *
 * No malloc and no lookup that can fail: allocators call clock_gettime before
 * symbols are resolved, and anything that allocates here can deadlock them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*cond_timedwait_fn)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
typedef int (*cond_clockwait_fn)(pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *);
typedef int (*sem_timedwait_fn)(sem_t *, const struct timespec *);
typedef int (*mutex_timedlock_fn)(pthread_mutex_t *, const struct timespec *);

static volatile const int64_t *offset_ms;
static clock_gettime_fn real_clock_gettime;
static cond_timedwait_fn real_cond_timedwait;
static cond_clockwait_fn real_cond_clockwait;
static sem_timedwait_fn real_sem_timedwait;
static mutex_timedlock_fn real_mutex_timedlock;

// Looked up once, before any wait: a lookup inside a wait could allocate while the caller holds a lock.
static void resolve_waits(void) {
  real_cond_timedwait = (cond_timedwait_fn)dlsym(RTLD_NEXT, "pthread_cond_timedwait");
  real_cond_clockwait = (cond_clockwait_fn)dlsym(RTLD_NEXT, "pthread_cond_clockwait");
  real_sem_timedwait = (sem_timedwait_fn)dlsym(RTLD_NEXT, "sem_timedwait");
  real_mutex_timedlock = (mutex_timedlock_fn)dlsym(RTLD_NEXT, "pthread_mutex_timedlock");
}

__attribute__((constructor)) static void clockshift_init(void) {
  real_clock_gettime = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
  resolve_waits();
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

static void shift_by(struct timespec *ts, int64_t ms) {
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

static void shift(struct timespec *ts) { shift_by(ts, current_offset_ms()); }

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

/*
 * A deadline on the wall clock, computed from the moved time, on the real one. A
 * condition variable may wait on the monotonic clock instead (its attribute says,
 * and glibc keeps that private): a monotonic deadline counts from boot, a wall
 * clock's from 1970, so one past half the real time since 1970 is the wall clock's.
 */
static const struct timespec *on_real_clock(const struct timespec *deadline, struct timespec *out) {
  struct timespec now;
  if (!deadline || real_now(CLOCK_REALTIME, &now) != 0 || deadline->tv_sec < now.tv_sec / 2) return deadline;
  *out = *deadline;
  shift_by(out, -current_offset_ms());
  return out;
}

int pthread_cond_timedwait(pthread_cond_t *restrict cond, pthread_mutex_t *restrict mutex, const struct timespec *restrict deadline) {
  if (!real_cond_timedwait) resolve_waits();
  struct timespec real;
  return real_cond_timedwait(cond, mutex, on_real_clock(deadline, &real));
}

int pthread_cond_clockwait(pthread_cond_t *restrict cond, pthread_mutex_t *restrict mutex, clockid_t clock, const struct timespec *restrict deadline) {
  if (!real_cond_clockwait) resolve_waits();
  struct timespec real;
  return real_cond_clockwait(cond, mutex, clock, clock == CLOCK_REALTIME ? on_real_clock(deadline, &real) : deadline);
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict deadline) {
  if (!real_sem_timedwait) resolve_waits();
  struct timespec real;
  return real_sem_timedwait(sem, on_real_clock(deadline, &real));
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict mutex, const struct timespec *restrict deadline) {
  if (!real_mutex_timedlock) resolve_waits();
  struct timespec real;
  return real_mutex_timedlock(mutex, on_real_clock(deadline, &real));
}
