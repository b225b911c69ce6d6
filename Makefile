# The two commands: `make run` and `make test`. Everything else is a step of those.
HTTP_PORT ?= 8042
DICOM_PORT ?= 4242
RELEASE_DIR := build/release
ASAN_DIR := build/asan
JOBS ?= 2

.PHONY: run test build build-asan deps deps-test unit integration fuzz format bench clean deb
FUZZ_SECONDS ?= 60

run: deps build
	HTTP_PORT=$(HTTP_PORT) DICOM_PORT=$(DICOM_PORT) scripts/run.sh

test:
	scripts/test.sh

deps:
	scripts/install-deps.sh run

deps-test:
	scripts/install-deps.sh test

build:
	@[ -f $(RELEASE_DIR)/CMakeCache.txt ] || cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(RELEASE_DIR) -j$(JOBS)

build-asan:
	@[ -f $(ASAN_DIR)/CMakeCache.txt ] || cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug \
	  -DXNATDQR_SANITIZE=ON -DXNATDQR_BUILD_PLUGIN=OFF
	cmake --build $(ASAN_DIR) -j$(JOBS)

unit: build build-asan
	cd $(RELEASE_DIR) && ctest --output-on-failure
	cd $(ASAN_DIR) && ctest --output-on-failure

integration: build
	TCP_NODELAY=1 /usr/bin/python3 -m pytest -q IntegrationTests

# build/orthanc-xnat-dqr_<version>_<arch>.deb, for this machine's Debian release;
# make deb DEBIAN_RELEASE=forky (or trixie): that release's, built in its container, as
# build/deb-<release>/first.deb.
ifeq ($(DEBIAN_RELEASE),)
deb: deps build
	cd $(RELEASE_DIR) && cpack -B $(CURDIR)/build/deb > /dev/null
	cp build/deb/orthanc-xnat-dqr_*.deb build/
	@ls build/orthanc-xnat-dqr_*.deb
else
deb:
	scripts/deb.sh $(DEBIAN_RELEASE) build/deb-$(DEBIAN_RELEASE)
	@ls build/deb-$(DEBIAN_RELEASE)/first.deb
endif

fuzz: deps-test
	scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

bench: build
	bench/run.sh

clean:
	rm -rf build
