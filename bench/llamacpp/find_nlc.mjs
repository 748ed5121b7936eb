// Finds node-llama-cpp for the llama.cpp reference scripts: in
// bench/llamacpp/node_modules, then in LUGH_NLC_DIR/node_modules (default
// /work/nlc). Returns the module, or null when it is in neither.
import {createRequire} from "node:module";
import path from "node:path";
import {fileURLToPath} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function findNodeLlamaCpp() {
    for (const dir of [here, process.env.LUGH_NLC_DIR || "/work/nlc"]) {
        try {
            const require = createRequire(path.join(dir, "package.json"));
            return await import(require.resolve("node-llama-cpp"));
        } catch (e) { /* try the next place */ }
    }
    return null;
}
