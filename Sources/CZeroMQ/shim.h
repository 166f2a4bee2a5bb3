#ifndef LYAPSWEEP_CZEROMQ_SHIM_H
#define LYAPSWEEP_CZEROMQ_SHIM_H
#include <zmq.h>
/* epoll, for waiting on the ZMQ_FD of many sockets (ReadinessSet); Glibc's Swift module leaves it out. */
#include <sys/epoll.h>
#endif
