/*
 * Waits 100 ms three ways until a deadline, as a browser's threads do: on a condition variable of the wall clock,
 * on one of the monotonic clock, and on a semaphore (the wall clock). Prints how each ended; a wait that ended
 * before its 100 ms had passed (by the monotonic clock, which the clock library leaves alone) says so.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static struct timespec in_100_ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  t.tv_nsec += 100000000;
  if (t.tv_nsec >= 1000000000) {
    t.tv_sec += 1;
    t.tv_nsec -= 1000000000;
  }
  return t;
}

static long long monotonic_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static void report(const char *what, int timed_out, long long started) {
  printf("%s: %s\n", what, !timed_out ? "failed" : monotonic_ms() - started < 100 ? "timed out early" : "timed out");
}

// Nothing signals these: a wait that returns without timing out woke spuriously (or for a signal), and waits again.
static int cond_times_out(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *deadline) {
  int result;
  while ((result = pthread_cond_timedwait(cond, mutex, deadline)) == 0) {
  }
  return result == ETIMEDOUT;
}

static int semaphore_times_out(sem_t *semaphore, const struct timespec *deadline) {
  int result;
  while ((result = sem_timedwait(semaphore, deadline)) == -1 && errno == EINTR) {
  }
  return result == -1 && errno == ETIMEDOUT;
}

int main(void) {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t wall = PTHREAD_COND_INITIALIZER;
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_t monotonic;
  pthread_cond_init(&monotonic, &attr);
  sem_t semaphore;
  sem_init(&semaphore, 0, 0);

  pthread_mutex_lock(&mutex);
  long long started = monotonic_ms();
  struct timespec deadline = in_100_ms(CLOCK_REALTIME);
  report("wall-clock condition", cond_times_out(&wall, &mutex, &deadline), started);
  started = monotonic_ms();
  deadline = in_100_ms(CLOCK_MONOTONIC);
  report("monotonic condition", cond_times_out(&monotonic, &mutex, &deadline), started);
  started = monotonic_ms();
  deadline = in_100_ms(CLOCK_REALTIME);
  report("semaphore", semaphore_times_out(&semaphore, &deadline), started);
  return 0;
}
