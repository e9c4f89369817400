#ifndef CORE_TIMING_H
#define CORE_TIMING_H
// What the one-core micro-benchmarks share: thread CPU time (another
// process's time slices are not counted), the median of rounds, the CPU's
// name for the report, and pinning to one CPU.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/// The most rounds a benchmark keeps, each a slot of its arrays of results.
enum { MAX_ROUNDS = 64 };

/// argv[1] as a count of rounds, `fallback` without it; exits with status 2, saying why,
/// outside 1...MAX_ROUNDS.
static inline int rounds_argument(int argc, char **argv, int fallback) {
    const int rounds = argc > 1 ? atoi(argv[1]) : fallback;
    if (rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "rounds must be between 1 and %d\n", MAX_ROUNDS);
        exit(2);
    }
    return rounds;
}

static inline double thread_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline int compare_doubles(const void *x, const void *y) {
    const double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/// The median of `count` values, which it sorts in place.
static inline double median_of(double *values, int count) {
    qsort(values, (size_t)count, sizeof values[0], compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

static inline void print_cpu_name(void) {
    FILE *info = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (info != NULL && fgets(line, sizeof line, info) != NULL) {
        if (strncmp(line, "model name", 10) == 0) {
            const char *name = strchr(line, ':');
            printf("cpu: %s", name != NULL ? name + 2 : line);
            break;
        }
    }
    if (info != NULL) fclose(info);
}

/// Pins the thread to the CPU it is running on; that CPU, or -1.
static inline int pin_to_current_cpu(void) {
    const int cpu = sched_getcpu();
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? cpu : -1;
}

#endif
