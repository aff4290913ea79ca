# Build, test and demo entry points. `make test` and `make demo` are the two
# commands the README promises; both work on a fresh clone.

GO            ?= go
PKGS          ?= ./...
FUZZTIME      ?= 10s
STATICCHECK   ?= $(shell $(GO) env GOPATH)/bin/staticcheck
STATICCHECK_VERSION := v0.8.2
BENCHTIME     ?= 1s

.PHONY: all test lint bench fuzz cover demo tools e2e

all: test

## test: go vet, then every test with the race detector
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)

## lint: go vet and staticcheck (pinned; installed by `make tools`)
lint:
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

## tools: install the pinned developer tools
tools:
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## bench: every benchmark with allocation counts
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) $(PKGS)

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
		for target in $$($(GO) test -list='^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run='^$$' -fuzz="^$$target$$" -fuzztime=$(FUZZTIME) $$pkg; \
		done; \
	done

## cover: test coverage summary, HTML report in coverage.html
cover:
	$(GO) test -count=1 -coverprofile=coverage.out $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -n 1
	$(GO) tool cover -html=coverage.out -o coverage.html

## demo: a traced example application; its segments are rendered in the terminal
demo:
	$(GO) run ./examples/demo

## e2e: the end-to-end suite in its own module (e2e/): builds an OpenTelemetry
## Collector with the awsxray receiver once (cached outside the repository, see
## e2e/collector/build.sh), proves every scenario's documents are accepted and
## translated, then runs the full load test (8 x 50,000 segments) without the
## race detector, which would slow it tenfold and distort its figures.
e2e:
	@set -e; otelcol=$$(e2e/collector/build.sh); cd e2e; \
	export GOWORK=off XRAY_E2E_OTELCOL="$$otelcol" XRAY_E2E_REQUIRE_COLLECTOR=1; \
	$(GO) test -race -count=1 -timeout=20m -v ./...; \
	$(GO) test -count=1 -timeout=20m -v -run='^TestLoad$$' -load.full .
