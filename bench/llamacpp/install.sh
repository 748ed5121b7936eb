#!/bin/sh
# Installs node-llama-cpp (llama.cpp's prebuilt CPU libraries) beside
# tokenize.mjs, into the git-ignored bench/llamacpp/node_modules, for the
# llama.cpp reference of `make bench`. Needs node and npm.
set -eu
cd "$(dirname "$0")"
npm install --no-save --no-package-lock node-llama-cpp@3
