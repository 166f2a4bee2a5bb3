# lyapsweep: the two commands of the README, for a fresh Debian machine.
#   make run   installs what is missing, builds in release and runs sweeps/quickstart.toml (the binary runs on
#              any x86-64: it holds every kernel variant and picks the fastest the CPU has, docs/PERFORMANCE.md)
#   make test  installs what is missing, runs the test suite, checks the distributable and the README's commands

SWEEP ?= sweeps/quickstart.toml
APT_PACKAGES := libzmq3-dev libsqlite3-dev zlib1g-dev pkg-config
# The tests also load the live dashboard in headless Chromium, fetch its API with curl and let Prometheus scrape it.
TEST_APT_PACKAGES := $(APT_PACKAGES) chromium curl prometheus
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build

PACKAGES ?= $(APT_PACKAGES)
test: PACKAGES = $(TEST_APT_PACKAGES)

deps:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The Swift runtime is linked statically: the binary runs where no Swift toolchain is installed (make dist).
build: deps
	swift build -c release --static-swift-stdlib

run: build
	.build/release/lyapsweep run $(SWEEP)

# The test suite, then the distributable's check and every command of README.md right after `make run`; all
# three run, and the target fails if any did.
# The export test reads `lyapsweep export`'s files with NumPy and pandas, as a user would.
test: deps dist
	@python3 -c "import numpy, pandas" 2>/dev/null || python3 -m pip install --quiet numpy pandas
	@status=0; \
	swift test || status=1; \
	bash deploy/dist/check.sh || status=1; \
	bash .ci/readme-commands.sh || status=1; \
	exit $$status

# make dist          dist/lyapsweep-VERSION-linux-ARCH.tar.gz: the release binary (Swift runtime linked in), its resource
#                    bundle, sweeps/, the SLURM script and an INSTALL naming the Debian packages it needs (deploy/dist/)
# make dist-check    unpacks it and runs the quickstart at --ics 4 with the Swift toolchain hidden (root or user namespaces)
# make readme-check  every command of README.md, as written, right after `make run` (.ci/readme-commands.sh: fenced
#                    blocks marked ```text are examples that are not run; every other block is run line by line)
.PHONY: dist dist-check readme-check
dist: build
	bash deploy/dist/build.sh .build/release dist

dist-check: dist
	bash deploy/dist/check.sh

readme-check: build
	bash .ci/readme-commands.sh

# make figures   the README's "What you get" figures: runs sweeps/quickstart.toml and sweeps/iris-eta1-eps-scan.toml
#                (≈ 1.5 min on 2 cores; a finished run is reused), reports the run's own analysis (#0) of each and
#                copies the SVGs to docs/figures/<sweep>/.
FIGURE_SWEEPS := quickstart iris-eta1-eps-scan
.PHONY: figures
figures: build
	@for s in $(FIGURE_SWEEPS); do \
		.build/release/lyapsweep run sweeps/$$s.toml --quiet > /dev/null && \
		.build/release/lyapsweep report results/$$s/results.sqlite --analysis 0 --out results/$$s/report && \
		mkdir -p docs/figures/$$s && cp results/$$s/report/*.svg docs/figures/$$s/ || exit 1; \
	done

# make fuzz      coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the four parsers of untrusted input:
#                sweep files, CSV datasets, wire messages, IDX datasets; 10^5 inputs each, no crash and no allocation above
#                512 MB allowed (≈ 6 min here after the build; fuzz/README.md). FUZZ_RUNS, FUZZ_SEED and FUZZ_SKIP
#                (known finding classes to step over) override.
# make fuzz-ci   10,000 inputs or 30 s per target, whichever comes first, stepping over FUZZ_CI_SKIP: the known
#                finding classes that have no fix yet (fuzz/findings/); drop a class from it once it is fixed.
FUZZ_RUNS ?= 100000
FUZZ_CI_SKIP ?= sweep-toml-assertion
.PHONY: fuzz fuzz-ci
fuzz:
	fuzz/run.sh $(FUZZ_RUNS)

fuzz-ci:
	FUZZ_SKIP=$(FUZZ_CI_SKIP) fuzz/run.sh 10000 30

# make soak      the chaos soak (chaos/README.md): 20 minutes of faults injected into a distributed run of
#                chaos/soak.toml (coordinator and workers in network namespaces), then exactness checks against a calm
#                run. Needs root. Builds in release first.
# make soak-ci   the same with 3 minutes of faults on the debug build (whose kernel is optimised), for CI.
SOAK_APT_PACKAGES := $(APT_PACKAGES) iproute2 nftables
.PHONY: soak soak-ci
soak soak-ci: PACKAGES = $(SOAK_APT_PACKAGES)
soak: build
	bash chaos/soak.sh --duration 1200 --binary .build/release/lyapsweep
soak-ci: deps
	swift build --product lyapsweep
	bash chaos/soak.sh --duration 180 --binary .build/debug/lyapsweep
