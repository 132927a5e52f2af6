# The whole set-up: `make demo` and `make test` (README.md). Each target installs the Debian
# packages it needs when they are missing, so a fresh Debian 12 machine needs nothing by hand.

BUILD_DIR   ?= build
BUILD_TYPE  ?= RelWithDebInfo
WERROR      ?= $(if $(CI),ON,OFF)
SANITIZE    ?= OFF
CHECKS      ?= OFF
JOBS        ?= $(shell nproc)
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Build and run-time dependencies (README.md "Dependencies" says what each is for).
PACKAGES := g++ cmake ninja-build ccache pkg-config make git ca-certificates openssl python3 \
            libpoco-dev libicu-dev libxml2-dev libpugixml-dev libboost-test-dev \
            libkainjow-mustache-dev libpoppler-cpp-dev libpq-dev libsqlite3-dev sqlite3 \
            libytnef0-dev libgsf-1-dev dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix \
            postgresql \
            mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml \
            libsodium-dev chromium nodejs wrk dpkg-dev $(NPM_PACKAGE)
# npm for the browser test's playwright-core: Debian's package, unless a nodejs that bundles its
# own npm (and conflicts with Debian's) is installed already.
NPM_PACKAGE := $(if $(shell command -v npm 2>/dev/null),,npm)
# Only the benchmarks compare against these.
BENCH_PACKAGES := libgmime-3.0-dev time bc
# Only the fuzzers need these: clang with libFuzzer and the sanitizer runtimes.
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60

.PHONY: all deps bench-deps fuzz-deps build demo test bench fuzz format check-format clean

all: build

deps:
	@PACKAGES="$(PACKAGES)" SUDO="$(SUDO)" scripts/install-deps.sh

bench-deps:
	@PACKAGES="$(BENCH_PACKAGES)" SUDO="$(SUDO)" scripts/install-deps.sh

fuzz-deps:
	@PACKAGES="$(FUZZ_PACKAGES)" SUDO="$(SUDO)" scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	      -DDMCA_WERROR=$(WERROR) -DDMCA_SANITIZE=$(SANITIZE) -DDMCA_CHECK_INVARIANTS=$(CHECKS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# DRY_RUN=1: no wiki, the API calls are printed instead.
demo: build
	scripts/demo.sh $(BUILD_DIR)/dmca $(if $(DRY_RUN),--dry-run)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: deps bench-deps
	cmake -S . -B $(BUILD_DIR)-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DDMCA_BUILD_BENCH=ON
	cmake --build $(BUILD_DIR)-bench -j $(JOBS)
	bench/run-all.sh $(BUILD_DIR)-bench

# A libFuzzer burst of every target in fuzz/ (FUZZ_SECONDS each); CONTRIBUTING.md "Fuzzing".
fuzz: deps fuzz-deps
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	      -DCMAKE_CXX_COMPILER=clang++ -DDMCA_BUILD_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzzers
	fuzz/burst.sh build-fuzz $(FUZZ_SECONDS)

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

check-format:
	git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-bench build-fuzz
