#!/usr/bin/env node
// Run a Python snippet on the vendored Pyodide engine, in Node, and pass its output through.
//
//   node sitebuild/run_pyodide.mjs [--mount HOST_DIR:/GUEST_DIR]... [--env KEY=VALUE]... \
//        [--timings] ENGINE_DIR (SNIPPET.py | -) [ARG...]
//
// ENGINE_DIR is either the engine/ folder written by sitebuild.engine.vendor_engine — its
// manifest.json names the runtime folder and the packages folder (our lock + wheels), and
// every package of that lock file is loaded before the snippet runs, so the snippet sees
// what the browser's worker sees (the tests) — or a bare runtime folder such as
// node_modules/pyodide, with the standard library only (the build's compile step). The
// snippet runs as __main__ with sys.argv = [SNIPPET, ARG...]; its stdout and stderr
// bytes go to this process's stdout and stderr unchanged (for CPython-vs-Pyodide parity
// tests), and the exit code is the snippet's (SystemExit honoured, 1 on an exception).
// --mount makes a host folder readable and writable in Python at GUEST_DIR.
// --env sets an environment variable before the interpreter starts (PYTHONHASHSEED=0).
// --timings prints load times to stderr.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

function usage(message) {
  process.stderr.write(`run_pyodide: ${message}\n`);
  process.stderr.write(
    "usage: run_pyodide.mjs [--mount HOST:/GUEST]... [--env KEY=VALUE]... [--timings] " +
      "ENGINE_DIR (SNIPPET.py | -) [ARG...]\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const mounts = [];
  const env = {};
  let timings = false;
  let i = 0;
  for (; i < argv.length; i++) {
    if (argv[i] === "--mount") {
      const spec = argv[++i] ?? usage("--mount needs HOST:/GUEST");
      const cut = spec.lastIndexOf(":");
      if (cut <= 0 || !spec.slice(cut + 1).startsWith("/")) usage(`bad --mount ${spec}`);
      mounts.push({ host: path.resolve(spec.slice(0, cut)), guest: spec.slice(cut + 1) });
    } else if (argv[i] === "--env") {
      const spec = argv[++i] ?? usage("--env needs KEY=VALUE");
      const cut = spec.indexOf("=");
      if (cut <= 0) usage(`bad --env ${spec}`);
      env[spec.slice(0, cut)] = spec.slice(cut + 1);
    } else if (argv[i] === "--timings") {
      timings = true;
    } else {
      break;
    }
  }
  const [engineDir, snippet, ...args] = argv.slice(i);
  if (!engineDir || !snippet) usage("need ENGINE_DIR and SNIPPET");
  return { mounts, env, timings, engineDir: path.resolve(engineDir), snippet, args };
}

async function readSnippet(snippet) {
  if (snippet !== "-") return readFile(snippet, "utf8");
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

// Node's Pyodide ignores the lock file's sha256 (only browsers check it, through fetch
// integrity), so check here: a test must never pass on a wheel the site would refuse.
async function checkWheels(engineDir, lock) {
  for (const entry of Object.values(lock.packages)) {
    const bytes = await readFile(path.join(engineDir, entry.file_name));
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== entry.sha256) {
      throw new Error(`${entry.file_name}: sha256 ${actual}, lock file says ${entry.sha256}`);
    }
  }
}

// An engine folder (manifest.json: runtime + our lock and wheels, all loaded) or a bare
// runtime folder (pyodide.mjs and the standard library, nothing else).
async function locateEngine(dir) {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    return { runtimeDir: dir, lockPath: null, packagesDir: null, stdlib: null, packages: [] };
  }
  const runtimeDir = path.join(dir, manifest.runtime);
  const packagesDir = path.join(dir, manifest.packages);
  const lockPath = path.join(packagesDir, "pyodide-lock.json");
  const lock = JSON.parse(await readFile(lockPath, "utf8"));
  await checkWheels(packagesDir, lock);
  // The standard library the worker loads (bytecode for what it imports), once built.
  const stdlib = manifest.stdlib ? path.join(dir, manifest.stdlib) : null;
  return { runtimeDir, lockPath, packagesDir, stdlib, packages: Object.keys(lock.packages) };
}

// Runs the snippet like `python SNIPPET`: as __main__, SystemExit turned into an exit code.
const RUNNER = `
import sys, traceback
def _castform_run(source, filename, argv):
    sys.argv = [filename, *argv]
    scope = {"__name__": "__main__", "__file__": filename}
    try:
        exec(compile(source, filename, "exec"), scope)
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException as error:
        # Leave this runner's own frame out, as \`python SNIPPET\` would.
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code
_castform_run
`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { runtimeDir, lockPath, packagesDir, stdlib, packages } = await locateEngine(options.engineDir);
  const source = await readSnippet(options.snippet);

  const entry = pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href;
  const { loadPyodide } = await import(entry);
  const pyodide = await loadPyodide({
    indexURL: runtimeDir + path.sep,
    ...(lockPath ? { lockFileURL: lockPath, packageBaseUrl: packagesDir + path.sep } : {}),
    ...(stdlib ? { stdLibURL: stdlib } : {}),
    env: { HOME: "/home/pyodide", ...options.env },
    // Installed while the interpreter boots; messages of this loading stay silent.
    packages,
    // Batched output until the raw writers below take over.
    stdout: (line) => process.stderr.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  const loaded = performance.now();

  // Raw byte streams: exactly what Python wrote, no per-line rewrapping.
  pyodide.setStdout({ write: (bytes) => (process.stdout.write(Buffer.from(bytes)), bytes.length) });
  pyodide.setStderr({ write: (bytes) => (process.stderr.write(Buffer.from(bytes)), bytes.length) });
  for (const { host, guest } of options.mounts) {
    pyodide.FS.mkdirTree(guest);
    pyodide.mountNodeFS(guest, host);
  }

  const run = pyodide.runPython(RUNNER);
  const code = run(source, options.snippet === "-" ? "<stdin>" : options.snippet, options.args);
  run.destroy();
  if (options.timings) {
    const ms = (from, to) => (to - from).toFixed(0);
    const done = performance.now();
    process.stderr.write(`run_pyodide: load ${ms(started, loaded)} ms, run ${ms(loaded, done)} ms\n`);
  }
  process.exitCode = code;
}

main().catch((error) => {
  process.stderr.write(`run_pyodide: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
