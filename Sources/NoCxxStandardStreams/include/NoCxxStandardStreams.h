#ifndef NO_CXX_STANDARD_STREAMS_H
#define NO_CXX_STANDARD_STREAMS_H
// No API: linking this target into an executable is its whole effect (see
// ios_base_init.c).
#endif
