// Placeholder: the ZeroMQ wrapper is being written.
