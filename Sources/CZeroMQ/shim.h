#ifndef LYAPSWEEP_CZEROMQ_SHIM_H
#define LYAPSWEEP_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
