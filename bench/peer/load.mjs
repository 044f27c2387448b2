// One timed run of autocannon for `make bench-peer`: POST a rotating list of request bodies
// to one server and print what happened as one JSON object on stdout.
//
//   node load.mjs spec.json
//
// spec.json: {url, headers, bodies: [string], connections, durationSeconds, timeoutSeconds}.
// The autocannon command line takes one body (or a random id); a workload here rotates over
// sampled people and departments, so the bodies are handed out by `setupRequest`, in order,
// across all connections.

import { readFile } from "node:fs/promises";
import autocannon from "autocannon";

const spec = JSON.parse(await readFile(process.argv[2], "utf8"));
let next = 0;
// Every latency, not autocannon's histogram: that one reports p97.5 but no p95.
const latencies = [];

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
  // (autocannon's `mismatches`). A substring test keeps the load generator's own CPU low.
  verifyBody: (body) => !body.includes('"errors"'),
});
instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));

const result = await instance;

// Raw latencies (0.01 ms), so the driver can merge the two halves of a run (it runs every
// server twice, in A-B-B-A order) before taking percentiles.
process.stdout.write(
  JSON.stringify({
    durationSeconds: result.duration,
    latenciesMs: latencies.map((ms) => Math.round(ms * 100) / 100),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors: result.mismatches,
    bytes: result.throughput.total,
  }) + "\n",
);
