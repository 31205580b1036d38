#!/usr/bin/env node
require("../dist/dmw.js");
