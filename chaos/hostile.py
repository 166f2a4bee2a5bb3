#!/usr/bin/env python3
"""Hostile frames for the chaos soak: sends a burst of invalid, forged and replayed messages to a coordinator.

Usage: hostile.py --endpoint tcp://HOST:PORT --seconds S --calm-db CALM.sqlite --tasks N [--seed K]

Every message goes through its own DEALER socket (a fresh ZeroMQ identity, never a worker's), so the
coordinator sees strangers. What is sent, in a random mix:

- garbage: 1–5 frames of random bytes; raw non-ZMTP bytes on a plain TCP connection;
- bad headers: wrong magic, wrong header length, another protocol version (the coordinator answers REJECT),
  an unknown message type, non-zero flags, a valid header with a truncated or random payload;
- forged: messages only a coordinator may send (WELCOME, TASK, ACK, SHUTDOWN, REJECT), READY and HEARTBEAT
  from a peer that never said HELLO, RESULTs for task ids outside the sweep, RESULTs whose IC, η or ε list
  contradict their task id;
- replayed: genuine RESULTs, rebuilt bit for bit from the calm run's database (the same task of the same
  sweep computes the same bits), each sent twice: the coordinator must store each task once and keep λ exact.

Never sent: a plausible RESULT with false numbers. A coordinator bound with --insecure admits anyone who can
reach it (README, "Clusters"), so such a result would be stored by design; CURVE keys are the defence.

It speaks the coordinator's protocol version, learnt from the REJECT of a HELLO in version 65535 (from version 2
on, a RESULT carries the worker's fits: the replays carry the calm run's). Prints one JSON line of counts per
category (and the version) on standard output.
"""

import argparse
import json
import random
import socket
import sqlite3
import struct
import sys
import time

import zmq

MAGIC = b"LYSW"
VERSION = 1  # the coordinator's protocol version, probed at start (see probe_version)
HELLO, WELCOME, REJECT, READY, TASK, RESULT, ACK, HEARTBEAT, SHUTDOWN = range(1, 10)


def header(kind, version=None, flags=0, magic=MAGIC):
    return magic + struct.pack(">HBB", VERSION if version is None else version, kind, flags)


def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number, value, always=False):
    return varint(number << 3) + varint(value) if (value or always) else b""


def field_double(number, value):
    return varint(number << 3 | 1) + struct.pack("<d", value) if value != 0 else b""


def field_bytes(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload if payload else b""


def field_message(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload  # present even when empty


def packed_doubles(number, blob):
    return field_bytes(number, blob)  # stored blobs are little-endian Float64, the packed encoding itself


def sweep_task(ic, eta):
    return field_varint(1, ic) + field_varint(2, eta)


VERDICTS = {"kept": 1, "poor_fit": 2, "non_positive": 3, "diverged": 4, "no_window": 5}


def fit_record(epsilon_index, lam, intercept, r_squared, window_start, window_length, verdict, diverged_at):
    """A protocol-2 FitRecord (ResultReport.fits) from a row of the calm run's fit table."""
    record = field_varint(1, epsilon_index)
    if lam is not None:
        record += varint(2 << 3 | 1) + struct.pack("<d", lam)
    record += field_double(3, intercept or 0.0) + field_double(4, r_squared or 0.0)
    record += field_varint(5, window_start or 0) + field_varint(6, window_length or 0) + field_varint(7, VERDICTS[verdict])
    if diverged_at is not None:
        record += varint(8 << 3) + varint(diverged_at)
    return record


def result_payload(task_id, ic, eta_index, eta, loss_blob, loss_diverged_at, curves, seconds=0.05, steps=0, fits=()):
    """A RESULT payload; `curves` holds (epsilon, mean_blob, diverged_members, diverged_at), `fits` the fit rows
    (sent from protocol version 2 on, which carries the worker's fits)."""
    ensemble = packed_doubles(1, loss_blob)
    if loss_diverged_at is not None:
        ensemble += varint(2 << 3) + varint(loss_diverged_at)
    for epsilon, mean_blob, diverged_members, diverged_at in curves:
        curve = field_double(1, epsilon) + packed_doubles(2, mean_blob) + field_varint(4, diverged_members)
        if diverged_at is not None:
            curve += varint(5 << 3) + varint(diverged_at)
        ensemble += field_message(3, curve)
    task_result = field_message(1, sweep_task(ic, eta_index)) + field_double(2, eta) + field_message(3, ensemble)
    report = field_varint(1, task_id) + field_message(2, task_result) + field_double(3, seconds) + field_varint(4, steps)
    if VERSION >= 2:
        report += b"".join(field_message(5, fit_record(*fit)) for fit in fits)
    return report


class CalmResults:
    """Genuine results of the calm run, read from its database."""

    def __init__(self, path, ics):
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.ics = ics
        self.ids = [row[0] for row in self.db.execute("SELECT task_id FROM result ORDER BY task_id")]

    def payload(self, task_id):
        eta, loss, loss_diverged_at = self.db.execute(
            "SELECT eta, reference_loss, reference_diverged_at FROM result WHERE task_id = ?", (task_id,)).fetchone()
        curves = self.db.execute(
            "SELECT epsilon, mean_distance, diverged_members, diverged_at FROM curve WHERE task_id = ? ORDER BY epsilon_index",
            (task_id,)).fetchall()
        fits = self.db.execute(
            "SELECT epsilon_index, lambda, intercept, r_squared, window_start, window_length, verdict, diverged_at"
            " FROM fit WHERE task_id = ? ORDER BY epsilon_index", (task_id,)).fetchall()
        return task_id, eta, loss, loss_diverged_at, curves, fits

    def genuine(self, rng):
        task_id, eta, loss, loss_diverged_at, curves, fits = self.payload(rng.choice(self.ids))
        return result_payload(task_id, task_id % self.ics, task_id // self.ics, eta, loss, loss_diverged_at, curves, fits=fits)

    def forged_inconsistent(self, rng):
        """A result whose fields contradict each other or the sweep: the coordinator must drop it."""
        task_id, eta, loss, loss_diverged_at, curves, fits = self.payload(rng.choice(self.ids))
        ic, eta_index = task_id % self.ics, task_id // self.ics
        choice = rng.randrange(4)
        if choice == 0:  # a task id outside the sweep
            return result_payload(len(self.ids) + rng.randrange(1, 10**6), ic, eta_index, eta, loss, loss_diverged_at, curves)
        if choice == 1:  # the IC of another task
            return result_payload(task_id, (ic + 1) % self.ics if self.ics > 1 else ic + 1, eta_index, eta, loss, loss_diverged_at, curves)
        if choice == 2:  # another η
            return result_payload(task_id, ic, eta_index, eta * 1.5, loss, loss_diverged_at, curves)
        return result_payload(task_id, ic, eta_index, eta, loss, loss_diverged_at, curves[:-1])  # an ε missing


def probe_version(context, endpoint):
    """The coordinator's protocol version: the header of its REJECT of a HELLO in version 65535; None if it is silent."""
    sock = context.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send_multipart([header(HELLO, version=65535), field_bytes(1, b"probe")])
    reply = sock.recv_multipart() if sock.poll(1500) else None
    sock.close()
    if reply and len(reply[0]) == 8 and reply[0][:4] == MAGIC:
        return struct.unpack(">H", reply[0][4:6])[0]
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--calm-db", required=True)
    parser.add_argument("--tasks", type=int, required=True, help="ICs of the sweep (tasks of its single η)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--protocol", type=int, default=1, help="protocol version if the coordinator does not answer the probe")
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    calm = CalmResults(arguments.calm_db, arguments.tasks)
    counts = {"garbage": 0, "bad_header": 0, "forged": 0, "replayed": 0, "raw_tcp": 0}
    context = zmq.Context()
    global VERSION
    VERSION = probe_version(context, arguments.endpoint) or arguments.protocol
    hello = field_bytes(1, b"hostile") + field_bytes(2, b"nowhere") + field_varint(3, 1) + field_varint(4, 1) + field_bytes(5, b"0")

    def send(frames, category, twice=False):
        sock = context.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 300)
        sock.setsockopt(zmq.SNDHWM, 0)
        sock.connect(arguments.endpoint)
        for _ in range(2 if twice else 1):
            sock.send_multipart(frames)
            counts[category] += 1
        sock.close()

    def random_bytes(low, high):
        return rng.randbytes(rng.randint(low, high))

    deadline = time.monotonic() + arguments.seconds
    while time.monotonic() < deadline:
        kind = rng.randrange(12)
        if kind == 0:
            send([random_bytes(0, 64) for _ in range(rng.randint(1, 5))], "garbage")
        elif kind == 1:
            send([b"NOPE" + header(HELLO)[4:], hello], "bad_header")
        elif kind == 2:
            send([header(HELLO)[:rng.randint(0, 7)], hello], "bad_header")
        elif kind == 3:
            send([header(HELLO, version=rng.choice([0, 2, 7, 65535])), hello], "bad_header")
        elif kind == 4:
            send([header(rng.choice([0, 12, 99, 255])), hello], "bad_header")
        elif kind == 5:
            send([header(HELLO, flags=rng.randint(1, 255)), hello], "bad_header")
        elif kind == 6:
            payload = calm.genuine(rng)
            send([header(RESULT), payload[:rng.randint(0, len(payload) - 1)] if rng.random() < 0.5 else random_bytes(1, 200)], "bad_header")
        elif kind == 7:
            forged = rng.choice([
                [header(WELCOME), field_bytes(1, b"run") + field_bytes(2, b"soak")],
                [header(TASK), field_varint(1, rng.randrange(calm.ics)) + field_message(2, sweep_task(0, 0)) + field_varint(3, 5000)],
                [header(ACK), field_varint(1, rng.randrange(calm.ics))],
                [header(SHUTDOWN), field_bytes(1, b"forged shutdown")],
                [header(REJECT), field_bytes(1, b"forged reject")],
            ])
            send(forged, "forged")
        elif kind == 8:
            send(rng.choice([[header(READY), field_varint(1, 2)], [header(HEARTBEAT), field_varint(2, 100)]]), "forged")
        elif kind == 9:
            send([header(RESULT), calm.forged_inconsistent(rng)], "forged")
        elif kind == 10:
            send([header(RESULT), calm.genuine(rng)], "replayed", twice=True)
        else:
            host, port = arguments.endpoint.removeprefix("tcp://").rsplit(":", 1)
            try:
                with socket.create_connection((host, int(port)), timeout=1) as raw:
                    raw.sendall(random_bytes(1, 512))
                counts["raw_tcp"] += 1
            except OSError:
                pass  # the coordinator is down or partitioned: the burst goes on
        time.sleep(rng.uniform(0, 0.02))
    context.term()
    print(json.dumps(dict(counts, protocol=VERSION)))


if __name__ == "__main__":
    sys.exit(main())
