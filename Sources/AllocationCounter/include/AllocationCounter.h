#ifndef YOLO_EDGE_ALLOCATION_COUNTER_H
#define YOLO_EDGE_ALLOCATION_COUNTER_H
// Counts heap allocations made by the whole process while counting is on.
//
// Linking this target into an executable replaces malloc and friends for the
// process (ELF symbol interposition: a definition in the executable wins
// over libc's), forwarding each call to glibc's own implementation. The cost
// when counting is off is one relaxed atomic load per call.
//
// Hand-written rather than ordo-one/malloc-interposer because that library
// works on Linux only as an LD_PRELOADed shared object, and yolo-edge must
// count inside its own statically linked binary (`bench`, the daemon's
// status) and inside the test executable.
#include <stdint.h>

/// Starts counting from zero.
void allocation_counter_start(void);
/// Stops counting and returns the allocations made since the start.
uint64_t allocation_counter_stop(void);

/// Starts counting the calling thread's allocations only, from zero. Tests
/// use it because other tests allocate on other threads at the same time.
void allocation_counter_thread_start(void);
/// Stops counting on the calling thread and returns its allocations.
uint64_t allocation_counter_thread_stop(void);

#endif
