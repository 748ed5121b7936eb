// Lugh against llama.cpp on the same GGUF files, in the same run.
//
//   node bench/llamacpp/compare.mjs [--lugh build/bin/lugh] [--threads 2] [--reps 3]
//                                   [--pp 64,512] [--tg 64] [--models-dir DIR] [MODEL.gguf ...]
//
// llama.cpp is node-llama-cpp's prebuilt CPU library, found by find_nlc.mjs
// ($LUGH_NLC_DIR, bench/llamacpp where `make bench-llamacpp` installs it,
// /work/nlc). Without models on the command line it measures
// aidreams260K from ../shared/models (when there) and TinyLlama-shaped
// `lugh synth` models in Q4_0, Q8_0 and F16 (written once into --models-dir,
// default build/bench-models).
//
// For each model and test the two engines run alternately, --reps times
// each: pp N is one batch of N prompt tokens into an empty cache, tg N is N
// tokens decoded one at a time from an empty cache (greedy). The table shows
// the best of the runs in tokens/s (on a shared machine the run least
// disturbed by other jobs is the nearest to each engine's own speed) and
// their ratio, Lugh / llama.cpp, and the ratio of the least CPU time each
// process spent on the work (all its threads; spinning counts), which other
// jobs inflate less than wall time.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findNodeLlamaCpp, notFound } from "./find_nlc.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

function parseArgs(argv) {
    const o = { lugh: path.join(root, "build/bin/lugh"), threads: 2, reps: 3, pp: [64, 512], tg: [64],
                modelsDir: path.join(root, "build/bench-models"), models: [] };
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i], v = () => argv[++i];
        if (a === "--lugh") o.lugh = v();
        else if (a === "--threads") o.threads = Number(v());
        else if (a === "--reps") o.reps = Number(v());
        else if (a === "--pp") o.pp = v().split(",").filter(Boolean).map(Number);
        else if (a === "--tg") o.tg = v().split(",").filter(Boolean).map(Number);
        else if (a === "--models-dir") o.modelsDir = v();
        else if (a.startsWith("-")) { console.error(`compare.mjs: unknown option ${a}`); process.exit(2); }
        else o.models.push(a);
    }
    return o;
}

function defaultModels(o) {
    const models = [];
    const shared = path.resolve(root, process.env.LUGH_SHARED_DIR || "../shared", "models/real/aidreams260K.gguf");
    if (existsSync(shared)) models.push(shared);
    mkdirSync(o.modelsDir, { recursive: true });
    for (const type of ["q4_0", "q8_0", "f16"]) {
        const file = path.join(o.modelsDir, `tinyllama-${type}.gguf`);
        if (!existsSync(file)) {
            console.error(`writing ${file} (lugh synth)...`);
            execFileSync(o.lugh, ["synth", file, "--preset", "tinyllama", "--type", type], { stdio: ["ignore", "ignore", "inherit"] });
        }
        models.push(file);
    }
    return models;
}

// Token ids spread over the vocabulary, as lugh bench uses them.
function benchTokens(n, nVocab) {
    return Array.from({ length: n }, (_, i) => (i * 7919 + 1000) % nVocab);
}

// Process CPU milliseconds (every thread: llama.cpp's workers run in this process).
function cpuMs() {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
}

async function llamaRun(model, test, n, threads, nVocab) {
    const context = await model.createContext({ contextSize: Math.max(n, 256), batchSize: Math.max(n, 1), threads: { ideal: threads, min: threads } });
    try {
        const seq = context.getSequence();
        const tokens = benchTokens(n, nVocab);
        if (test === "pp") {
            await seq.evaluateWithoutGeneratingNewTokens(tokens.slice(0, 8));   // warm-up
            await seq.clearHistory();
            const t0 = performance.now(), c0 = cpuMs();
            await seq.evaluateWithoutGeneratingNewTokens(tokens);
            return { rate: n * 1000 / (performance.now() - t0), cpu: cpuMs() - c0 };
        }
        let count = 0;
        const t0 = performance.now(), c0 = cpuMs();
        for await (const _ of seq.evaluate([tokens[0]], { temperature: 0 })) if (++count >= n) break;
        return { rate: n * 1000 / (performance.now() - t0), cpu: cpuMs() - c0 };
    } finally {
        await context.dispose();
    }
}

function lughRun(o, file, test, n) {
    const args = ["bench", "-m", file, "-t", String(o.threads), "-r", "1", "--json",
                  "-p", String(test === "pp" ? n : 0), "-n", String(test === "tg" ? n : 0)];
    const out = JSON.parse(execFileSync(o.lugh, args, { encoding: "utf8" }));
    return { rate: out[test].mean, cpu: out[test].cpu_ms, nVocab: out.n_vocab };
}

const o = parseArgs(process.argv.slice(2));
const found = await findNodeLlamaCpp();
if (!found) {
    console.error(`compare.mjs: ${notFound}; skipping`);
    process.exit(0);
}
if (!existsSync(o.lugh)) { console.error(`compare.mjs: ${o.lugh} not found (build first)`); process.exit(1); }
const { getLlama } = found.module;
const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const models = o.models.length ? o.models : defaultModels(o);
console.log(`node-llama-cpp from ${found.dir}; ${o.threads} threads; best of ${o.reps} alternating runs\n`);
console.log("| model | test | Lugh t/s | llama.cpp t/s | Lugh / llama.cpp | by CPU time |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const file of models) {
    const model = await llama.loadModel({ modelPath: file });
    const tests = [...o.pp.map(n => ["pp", n]), ...o.tg.map(n => ["tg", n])];
    for (const [test, n] of tests) {
        if (test === "pp" && n > model.trainContextSize) continue;
        const ours = [], theirs = [], ourCpu = [], theirCpu = [];
        for (let r = 0; r < o.reps; ++r) {
            const l = lughRun(o, file, test, n);
            ours.push(l.rate);
            ourCpu.push(l.cpu);
            const c = await llamaRun(model, test, n, o.threads, l.nVocab);
            theirs.push(c.rate);
            theirCpu.push(c.cpu);
        }
        const a = Math.max(...ours), b = Math.max(...theirs), cpu = Math.min(...theirCpu) / Math.min(...ourCpu);
        console.log(`| ${path.basename(file)} | ${test}${n} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(2)} | ${cpu.toFixed(2)} |`);
    }
    await model.dispose();
}
