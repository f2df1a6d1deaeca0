# canarylab: the two everyday commands are `make scenario` and `make test`.
SHELL     := /bin/bash
GO        ?= go
BIN       ?= bin/canarylab
SCENARIO  ?= scenarios/examples/replica-ratio-75-25.yaml
BACKEND   ?= sim
OUT       ?= out
FUZZTIME  ?= 20s

.PHONY: all build scenario scenarios validate test unit lint fuzz node-image cluster cluster-down docker-setup clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/canarylab

## scenario: run one scenario (SCENARIO=..., BACKEND=sim|kind) and write its report to $(OUT)/
scenario: build
	$(BIN) run --backend $(BACKEND) --out $(OUT) $(SCENARIO)

## scenarios: run every example scenario on the simulator
scenarios: build
	$(BIN) run --backend $(BACKEND) --out $(OUT) scenarios/examples/*.yaml

## validate: check every example scenario file
validate: build
	$(BIN) validate scenarios/examples/*.yaml

## test: vet, gofmt, every test. The kind tests (test/e2e) run when Docker and the node image exist, else
## skip; their skip reasons and measured times are printed either way.
test: lint
	$(GO) test -count=1 $$($(GO) list ./... | grep -v /test/e2e)
	@echo "kind end-to-end tests (test/e2e):"
	@set -o pipefail; $(GO) test -count=1 -v -timeout 20m ./test/e2e/ | grep -E -- '^(--- |ok|FAIL|PASS)|e2e:|MEASURED'

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## fuzz: fuzz the scenario loader for FUZZTIME
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) ./scenarios

## docker-setup: make Docker work on machines like CI's (idempotent)
docker-setup:
	hack/docker-setup.sh

## node-image: build the offline kind node image (cached by content hash)
node-image:
	hack/node-image/build.sh

## cluster / cluster-down: a 1 control-plane + 3 worker kind cluster
cluster: build
	$(BIN) cluster up

cluster-down: build
	$(BIN) cluster down

clean:
	rm -rf bin $(OUT)
