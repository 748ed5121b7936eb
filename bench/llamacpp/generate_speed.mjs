// llama.cpp's generation speed (node-llama-cpp, CPU, greedy) on GGUF models:
// per model, the mean CPU seconds of the process per generated token after
// the first few (CPU time, so that a busy machine's waiting is not counted;
// with THREADS = 1 nothing spins either), and the wall seconds.
//   node generate_speed.mjs THREADS TOKENS MODEL.gguf...
// prints one line per model: "<path> <CPU s per token> <wall s per token>".
// node-llama-cpp is found by find_nlc.mjs; exit 3 when it is not.
import {findNodeLlamaCpp, notFound} from "./find_nlc.mjs";

const [threadsArg, tokensArg, ...models] = process.argv.slice(2);
const threads = Number(threadsArg), tokens = Number(tokensArg);
if (!(threads > 0) || !(tokens > 4) || models.length === 0) {
    console.error("usage: node generate_speed.mjs THREADS TOKENS(>4) MODEL.gguf...");
    process.exit(2);
}
const found = await findNodeLlamaCpp();
if (!found) {
    console.error(`generate_speed: ${notFound}`);
    process.exit(3);
}
const nlc = found.module;
const llama = await nlc.getLlama({gpu: false, build: "never", maxThreads: threads, logLevel: "error"});
const warmup = 3;
for (const modelPath of models) {
    const model = await llama.loadModel({modelPath, gpuLayers: 0});
    const context = await model.createContext({contextSize: 256, threads, batchSize: 32});
    const sequence = context.getSequence();
    const stamps = [], cpu = [];
    // Greedy sampling; the end-of-text token is not allowed to stop the run.
    const generator = sequence.evaluate(model.tokenize("Hello"), {temperature: 0});
    for await (const token of generator) {
        stamps.push(performance.now());
        const usage = process.cpuUsage();
        cpu.push((usage.user + usage.system) / 1e6);
        if (stamps.length >= tokens) break;
    }
    const n = stamps.length - 1 - warmup;
    const wall = (stamps[stamps.length - 1] - stamps[warmup]) / n / 1000;
    const cpuPerToken = (cpu[cpu.length - 1] - cpu[warmup]) / n;
    console.log(`${modelPath} ${cpuPerToken.toExponential(4)} ${wall.toExponential(4)}`);
    await context.dispose();
    await model.dispose();
}
