// llama.cpp's tokenizer (through node-llama-cpp) on the same text and
// vocabulary as bench/tokenizer_bench.cpp, for ratios measured in the same run.
//
//   node tokenize.mjs VOCAB.gguf TEXT_FILE IDS_OUT REPEATS
//
// Prints one JSON line: {"load_ms", "bytes", "tokens", "wall_s": [...], "cpu_s": [...]}
// and writes the ids of TEXT_FILE (no BOS, no special parsing) to IDS_OUT as
// little-endian int32. node-llama-cpp is found by find_nlc.mjs; exits with
// status 3 and a message when it is nowhere.
import fs from "node:fs";
import {findNodeLlamaCpp, notFound} from "./find_nlc.mjs";

const [vocab, textFile, idsOut, repeatsArg] = process.argv.slice(2);
const found = await findNodeLlamaCpp();
if (!found) {
    console.error(`tokenize.mjs: ${notFound}`);
    process.exit(3);
}
const nlc = found.module;
const llama = await nlc.getLlama({gpu: false, build: "never", logLevel: "disabled"});
const t0 = performance.now();
const model = await llama.loadModel({modelPath: vocab, vocabOnly: true});
const loadMs = performance.now() - t0;
const text = fs.readFileSync(textFile, "utf8");
// The addon's own call when it is there (no conversion of the result to a JS array).
const tokenize = model._model && typeof model._model.tokenize === "function"
    ? (s) => model._model.tokenize(s, false)
    : (s) => model.tokenize(s, false);
const wall = [], cpu = [];
let ids = null;
for (let r = 0; r < Number(repeatsArg || 3); r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    ids = tokenize(text);
    wall.push((performance.now() - w0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
}
fs.writeFileSync(idsOut, Buffer.from(Int32Array.from(ids).buffer));
console.log(JSON.stringify({load_ms: loadMs, bytes: Buffer.byteLength(text, "utf8"), tokens: ids.length, wall_s: wall, cpu_s: cpu}));
await model.dispose();
