// Finds node-llama-cpp (llama.cpp's prebuilt CPU libraries) for every
// llama.cpp reference script here. Looks in, in order:
//   $LUGH_NLC_DIR          a folder holding node_modules/node-llama-cpp
//   bench/llamacpp         where install.sh and `make bench-llamacpp` put it (git-ignored)
//   /work/nlc              this project's shared machine
//   npm's global root      a global install
// findNodeLlamaCpp() returns {dir, module} (dir: the folder it came from), or
// null when it is in none of them; the caller then skips with notFound.
import {execSync} from "node:child_process";
import {existsSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export const notFound = "node-llama-cpp not found: set LUGH_NLC_DIR to a folder holding " +
    "node_modules/node-llama-cpp, or run bench/llamacpp/install.sh (or `make bench-llamacpp`)";

function npmGlobalParent() {
    try {   // npm root -g is <prefix>/lib/node_modules: its parent holds node_modules
        return path.dirname(execSync("npm root -g", {stdio: ["ignore", "pipe", "ignore"]}).toString().trim());
    } catch {
        return null;
    }
}

// {dir, module} when dir/node_modules/node-llama-cpp is there, else null.
async function loadFrom(dir) {
    const entry = path.join(dir, "node_modules", "node-llama-cpp", "dist", "index.js");
    return existsSync(entry) ? {dir, module: await import(pathToFileURL(entry).href)} : null;
}

export async function findNodeLlamaCpp() {
    for (const dir of [process.env.LUGH_NLC_DIR, here, "/work/nlc"].filter(Boolean)) {
        const found = await loadFrom(dir);
        if (found) return found;
    }
    const global = npmGlobalParent();   // asked last: running npm takes a moment
    return global ? loadFrom(global) : null;
}
