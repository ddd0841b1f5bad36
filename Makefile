# Arkki: `make run` and `make test` are the whole set-up on a fresh Debian machine with
# Rust, Node and apt. Each installs only what is missing.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

ROOT := $(CURDIR)
TOOLS := $(ROOT)/tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
TRUNK_VERSION := 0.21.14
BINARYEN_VERSION := 123.0.0
TERSER_VERSION := 5.51.2
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
ADDR ?= 127.0.0.1:8080
APT_UPDATED := $(TOOLS)/.apt-updated

.PHONY: run test tools browsers e2e-deps app server lint unit browser-tests e2e bench clean

## Build everything (release) and serve the app with demo data on http://$(ADDR).
run: tools app server
	ARKKI_ADDR=$(ADDR) $(TARGET_DIR)/release/arkki-server --demo --dist $(ROOT)/dist --data-dir $(ROOT)/data

## Install what is missing, then run every test: unit, server, browser components, end-to-end.
test: tools browsers e2e-deps lint unit browser-tests e2e

tools:
	@mkdir -p $(TOOLS)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)" || cargo install --locked trunk --version $(TRUNK_VERSION)
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@test -x $(TOOLS)/node_modules/.bin/wasm-opt || npm install --prefix $(TOOLS) --no-audit --no-fund binaryen@$(BINARYEN_VERSION)
	@test -d $(TOOLS)/node_modules/terser || npm install --prefix $(TOOLS) --no-audit --no-fund terser@$(TERSER_VERSION)

browsers:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  apt-get update && apt-get install -y chromium chromium-driver; fi

e2e-deps:
	@test -d tests/e2e/node_modules/playwright-core -a -d tests/e2e/node_modules/axe-core || \
	  npm ci --prefix tests/e2e --no-audit --no-fund

## The app, release build, into dist/.
app: tools
	trunk build --release --offline

server:
	cargo build --release -p arkki-server

lint:
	cargo fmt --all -- --check
	cargo clippy -p arkki-api -p arkki-json-derive -p arkki-server --all-targets -- -D warnings
	cargo clippy -p arkki --target wasm32-unknown-unknown --all-targets -- -D warnings

unit:
	cargo test -p arkki-api -p arkki-server
	cargo test -p arkki --lib

browser-tests:
	CHROMEDRIVER=/usr/bin/chromedriver cargo test -p arkki --target wasm32-unknown-unknown --test components

e2e: app server
	cd tests/e2e && CARGO_TARGET_DIR=$(TARGET_DIR) node --test --test-concurrency=1 ./*.test.mjs

## Bundle sizes and time to an interactive sign-in page (see bench/README.md).
bench: tools browsers e2e-deps app server
	CARGO_TARGET_DIR=$(TARGET_DIR) node bench/bundle.mjs
	CARGO_TARGET_DIR=$(TARGET_DIR) node bench/terms_render.mjs

clean:
	rm -rf dist target
