GO ?= go
BIN := bin/qianshou
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
FUZZ_PACKAGES := ./internal/parse ./internal/ident ./internal/workbook

.PHONY: golden build test lint tidy-check fmt-check vet staticcheck bench bench-harness pgo fuzz sample clean

build:
	$(GO) build -o $(BIN) ./cmd/qianshou

## test: what CI runs — formatting, vet, staticcheck, then every test with the race detector.
test: fmt-check vet staticcheck
	$(GO) test -race ./...

lint: fmt-check vet staticcheck tidy-check

tidy-check:
	$(GO) mod tidy -diff

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck is installed on first use, so `make test` works on a fresh machine with Go alone.
$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...

## bench: the benchmarks of issue #7 (reading, rule engine, end to end), rows/s in each line.
## Workbooks are generated once and cached in the temp directory.
BENCH_PACKAGES := ./internal/workbook ./rules ./internal/check
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(BENCH_PACKAGES)

## bench-harness: qianshou's check beside a bare excelize read and openpyxl, 1k … 1M rows, with
## ratios and peak RSS, then the national batch and a 1k-row check with hyperfine (bench/run.sh).
bench-harness:
	bench/run.sh

## pgo: regenerate cmd/qianshou/default.pgo, the CPU profile `go build` optimises the binary with
## (profile-guided optimisation): the end-to-end benchmarks and compiling the default rules. Rerun
## after large changes to hot code; an outdated profile only optimises less.
pgo:
	@d=$$(mktemp -d) && \
	$(GO) test -run '^$$' -bench 'BenchmarkCheckProvince/(1000|100000)$$|BenchmarkCheckNational' -benchtime 3s \
		-cpuprofile $$d/check.pprof -o $$d/check.test ./internal/check && \
	$(GO) test -run '^$$' -bench BenchmarkDefaultCompile -benchtime 2s -cpuprofile $$d/compile.pprof -o $$d/rules.test ./rules && \
	$(GO) tool pprof -proto $$d/check.pprof $$d/compile.pprof > cmd/qianshou/default.pgo && rm -rf $$d

## fuzz: each text parser for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	@for p in $(FUZZ_PACKAGES); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; done; done

## golden: rewrite the golden files (sample batch, report formats, sample reports); review the diff.
golden:
	$(GO) test ./internal/sample -update
	$(GO) test ./internal/report -update
	$(GO) test ./internal/cli -run Golden -update

## sample: check the bundled sample batch (the README's first command).
sample: build
	./$(BIN) check -a testdata/sample/任务分配表.xlsx testdata/sample/provinces

clean:
	rm -rf bin
