GO ?= go
BIN := bin/qianshou
STATICCHECK ?= $(shell command -v staticcheck 2>/dev/null || echo $(shell $(GO) env GOPATH)/bin/staticcheck)

.PHONY: build test lint fmt-check vet staticcheck bench fuzz sample clean

build:
	$(GO) build -o $(BIN) ./cmd/qianshou

## test: what CI runs — formatting, vet, staticcheck, then every test with the race detector.
test: fmt-check vet staticcheck
	$(GO) test -race ./...

lint: fmt-check vet staticcheck

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(STATICCHECK) ./...

## bench: the benchmarks of issue #7 (reading, rule engine, end to end).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: each text parser for FUZZTIME (default 30s).
FUZZTIME ?= 30s
fuzz:
	@for t in $$($(GO) test -list '^Fuzz' ./internal/parse | grep ^Fuzz); do \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./internal/parse || exit 1; done

## sample: check the bundled sample batch (the README's first command).
sample: build
	./$(BIN) check -a testdata/sample/任务分配表.xlsx testdata/sample/provinces

clean:
	rm -rf bin
