// The load generator of `make bench-peer`: autocannon POSTing a rotating list of request
// bodies to one server, one timed run per spec.
//
//   node load.mjs spec.json     one run; its result as one JSON line on stdout
//   node load.mjs               one run per JSON line on stdin, one result line each
//
// A spec: {url, headers, bodies: [string], connections, durationSeconds, timeoutSeconds}.
// The autocannon command line takes one body (or a random id); a workload here rotates over
// sampled people and departments, so the bodies are handed out by `setupRequest`, in order,
// across all connections. The driver (bench/peer_bench.py) keeps one process for the whole
// benchmark: starting Node for each of its ~130 runs cost a second apiece on a busy machine.

import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

async function run(spec) {
  let next = 0;
  // Every latency, not autocannon's histogram: that one reports p97.5 but no p95; and when
  // each answer came, so the driver can leave out the start of a run, before the server
  // has reached a steady state.
  const latencies = [];
  const completedAt = [];
  const start = performance.now();
  const instance = autocannon({
    url: spec.url,
    method: "POST",
    headers: { "content-type": "application/json", ...spec.headers },
    connections: spec.connections,
    duration: spec.durationSeconds,
    timeout: spec.timeoutSeconds,
    requests: [
      {
        setupRequest: (request) => {
          const body = spec.bodies[next % spec.bodies.length];
          next += 1;
          return { ...request, body };
        },
      },
    ],
    // GraphQL reports most failures with status 200 and an `errors` list: count those too
    // (autocannon's `mismatches`). A substring test keeps the load generator's CPU low.
    verifyBody: (body) => !body.includes('"errors"'),
  });
  instance.on("response", (_client, _status, _bytes, ms) => {
    latencies.push(ms);
    completedAt.push(performance.now() - start);
  });
  const result = await instance;
  // Raw figures (0.01 ms), so the driver can merge the two halves of a cell (it runs every
  // server twice, in A-B-B-A order) before taking percentiles.
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    durationSeconds: result.duration,
    latenciesMs: latencies.map(round),
    completedAtMs: completedAt.map(round),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors: result.mismatches,
    bytes: result.throughput.total,
  };
}

if (process.argv[2]) {
  const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
  process.stdout.write(JSON.stringify(await run(spec)) + "\n");
} else {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) process.stdout.write(JSON.stringify(await run(JSON.parse(line))) + "\n");
  }
}
