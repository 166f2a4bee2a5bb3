# lyapsweep: the two commands of the README, for a fresh Debian machine.
#   make run   installs what is missing, builds in release and runs sweeps/quickstart.toml
#   make test  installs what is missing and runs the test suite

SWEEP ?= sweeps/quickstart.toml
APT_PACKAGES := libzmq3-dev libsqlite3-dev pkg-config
# The tests also load the live dashboard in headless Chromium and fetch its API with curl.
TEST_APT_PACKAGES := $(APT_PACKAGES) chromium curl
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

build: deps
	swift build -c release

run: build
	.build/release/lyapsweep run $(SWEEP)

test: deps
	swift test

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
