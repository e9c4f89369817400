#include "InferKernels.h"
