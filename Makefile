# lyapsweep: the two commands of the README, for a fresh Debian machine.
#   make run   installs what is missing, builds in release and runs sweeps/quickstart.toml
#   make test  installs what is missing and runs the test suite

SWEEP ?= sweeps/quickstart.toml
APT_PACKAGES := libzmq3-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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
