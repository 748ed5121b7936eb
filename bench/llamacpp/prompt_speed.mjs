// llama.cpp's prompt processing speed (node-llama-cpp, CPU) on GGUF models:
// per model, the CPU seconds of the process to evaluate a prompt of N tokens
// in one batch (after a short warm-up prompt), and the wall seconds.
//   node prompt_speed.mjs THREADS N MODEL.gguf...
// prints one line per model: "<path> <CPU s per prompt> <wall s per prompt>".
// node-llama-cpp is found as in generate_speed.mjs; exit 3 when it is not.
import {findNodeLlamaCpp, notFound} from "./find_nlc.mjs";

const [threadsArg, tokensArg, ...models] = process.argv.slice(2);
const threads = Number(threadsArg), n = Number(tokensArg);
if (!(threads > 0) || !(n >= 8) || models.length === 0) {
    console.error("usage: node prompt_speed.mjs THREADS N(>=8) MODEL.gguf...");
    process.exit(2);
}
const found = await findNodeLlamaCpp();
if (!found) {
    console.error(`prompt_speed: ${notFound}`);
    process.exit(3);
}
const nlc = found.module;
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const llama = await nlc.getLlama({gpu: false, build: "never", maxThreads: threads, logLevel: "error"});
for (const modelPath of models) {
    const model = await llama.loadModel({modelPath, gpuLayers: 0});
    const context = await model.createContext({contextSize: n + 64, threads, batchSize: n});
    const sequence = context.getSequence();
    // Token ids of the 512-token vocabulary past the control and byte tokens.
    const prompt = [1];
    for (let i = 1; i < n; ++i) prompt.push(260 + (i * 37) % 250);
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, 8));   // warm-up
    await sequence.clearHistory();
    const cpu0 = cpuSeconds(), wall0 = performance.now();
    await sequence.evaluateWithoutGeneratingNewTokens(prompt);
    const cpu = cpuSeconds() - cpu0, wall = (performance.now() - wall0) / 1000;
    console.log(`${modelPath} ${cpu.toExponential(4)} ${wall.toExponential(4)}`);
    await context.dispose();
    await model.dispose();
}
