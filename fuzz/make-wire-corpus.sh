#!/bin/sh
# Writes fuzz/corpus/wire/: one valid lyapsweep message of every type, each as the 8-byte header frame
# (LYSW, the protocol version of Sources/Wire/WireProtocol.swift big-endian, type, flags 0) followed by its
# protobuf payload, encoded by protoc from the text below (the schema is Sources/Wire/Proto/lyapsweep_wire.proto).
# Run from the repository root, and again after the protocol version changes.
set -eu
proto=Sources/Wire/Proto/lyapsweep_wire.proto
version=$(sed -n 's/.*public static let version: UInt16 = \([0-9]*\).*/\1/p' Sources/Wire/WireProtocol.swift)
out=fuzz/corpus/wire
mkdir -p "$out"
# message NAME TYPE-NUMBER PROTO-MESSAGE TEXT: writes $out/NAME.bin
message() {
    { printf 'LYSW\000'; printf "\\$(printf '%03o' "$version")"; printf "\\$(printf '%03o' "$2")"; printf '\000'
      printf '%s\n' "$4" | protoc --proto_path="$(dirname $proto)" --encode="lyapsweep.wire.v1.$3" "$proto"; } > "$out/$1.bin"
}
message hello 1 Hello 'worker_id: "node7-1234" host: "node7.example" pid: 1234 processes: 8 software_version: "0.1.0"'
message welcome 2 Welcome 'run_id: "run-42" sweep_name: "iris" sweep_text: "name = \"iris\"\nseed = 1\n[training]\neta = 1.0\n[ensemble]\nics = 2\n" sweep_hash: "ab12cd" heartbeat_interval_milliseconds: 1000 liveness_milliseconds: 3000'
message welcome-csv 2 Welcome 'run_id: "run-43" sweep_name: "own" sweep_text: "name = \"own\"\n" sweep_hash: "ef34" heartbeat_interval_milliseconds: 1000 liveness_milliseconds: 3000 dataset_csv: "a,b,label\n1,2,0\n3,4,1\n"'
message reject 3 Reject 'reason: "protocol version mismatch"'
message ready 4 Ready 'credits: 1000'
message task 5 TaskAssignment 'task_id: 9223372036854775807 task { ic_index: 99 eta_index: 5 } lease_milliseconds: 30000'
message task-acknowledging 5 TaskAssignment 'task_id: 12 task { ic_index: 12 } lease_milliseconds: 500 acknowledged_task_ids: [11, 0, 9223372036854775807]'
message result 6 ResultReport 'task_id: 17 compute_seconds: 12.25 trajectory_steps: 123456 result { task { ic_index: 3 eta_index: 7 } eta: 0.05 ensemble { reference_loss: [2.3, 1.9, 1.4, 1.1] curves { epsilon: 1e-8 mean_distance: [0, 1e-300, 0.1, 1e300] member_distances { members { values: [0, 1e-300, 0.1, 1e300] } members { values: [1e300, 0.1, 1e-300, 0] } } } curves { epsilon: 5e-324 mean_distance: [0, 1, 2, 3] member_distances { } } } } credits: 1 fits { epsilon_index: 0 verdict: FIT_VERDICT_NO_WINDOW } fits { epsilon_index: 1 verdict: FIT_VERDICT_NO_WINDOW }'
message result-diverged 6 ResultReport 'task_id: 18 compute_seconds: 0.5 trajectory_steps: 10 result { task { } eta: 1.5 ensemble { reference_loss: [1, 2, 3, 4] curves { epsilon: 1e-3 mean_distance: [1e-3, 1e-2] diverged_members: 2 diverged_at: 2 } curves { epsilon: 1e-6 mean_distance: [1e-6, 1e-5, 1e-4, 1e-3] } } } fits { epsilon_index: 0 verdict: FIT_VERDICT_DIVERGED diverged_at: 2 } fits { epsilon_index: 1 verdict: FIT_VERDICT_NO_WINDOW }'
message result-reference-diverged 6 ResultReport 'task_id: 19 compute_seconds: 5e-324 trajectory_steps: 1 result { task { ic_index: 9 eta_index: 2 } eta: 10 ensemble { reference_diverged_at: 0 curves { epsilon: 1e-4 member_distances { } diverged_at: 0 } } } fits { epsilon_index: 0 verdict: FIT_VERDICT_DIVERGED diverged_at: 0 }'
message result-diagnostics 6 ResultReport 'task_id: 20 compute_seconds: 0.5 trajectory_steps: 10 result { task { } eta: 1.5 ensemble { reference_loss: [1, 2, 3, 4] curves { epsilon: 1e-6 mean_distance: [1e-6, 1e-5, 1e-4, 1e-3] } } diagnostics { benettin: [0.5, -0.0, -1e-300, 5e-324] spectrum: [0.42, -0.1, -inf] ghost_mass: [0.4, 0.1, 0.01, 5e-324] gradient_norm: [3, 2, 1, 0] running_mean_loss: [1.1, 1.0, 0.9, 0.85] weight_importance: [0.25, -0.125, 0] weight_displacement: [0.5, 0, 1e300] weight_path_length: [0.75, 0.1, 1e300] kantz { divergence: [-3, -2.5, -inf] exponent: 0.69 p_value: 0.01 } autocorrelation: [1, 0.5, -0.25] autocorrelation_band: [0, 0.3, 0.3] } } fits { epsilon_index: 0 verdict: FIT_VERDICT_NO_WINDOW }'
message ack 7 Ack 'task_id: 17'
message heartbeat 8 Heartbeat 'current_task_ids: [3, 0, 1099511627776] steps_done: 987654321'
message shutdown 9 Shutdown 'reason: "sweep complete"'
message status-request 10 StatusRequest ''
message status-reply 11 StatusReply 'json: "{\"done\": 3, \"total\": 10}"'
