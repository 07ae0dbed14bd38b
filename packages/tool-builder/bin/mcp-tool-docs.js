#!/usr/bin/env node
// Committed so that package managers can link the bin before the first build.
import "../dist/docs/cli.js";
