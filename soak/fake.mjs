// The fake API of one server in a process of its own, so that the soak's load and the fake's work do not
// share one event loop. Started by soak/run.mjs with an IPC channel: it sends { url, credentials } once
// listening, then takes { fault } (a fault for the fake's setFault), { clear: true }, { count: true } (answered
// with { requests }: how many requests it has received), { arrivals: true } (answered with { arrivals }: each
// request's route and arrival time in ms) and { stop: true }.
const app = process.argv[2];

async function start() {
  if (app === "intervals-mcp") {
    const { startFakeIntervals } = await import("../packages/intervals-icu/dist/testing/index.js");
    // A key per soak client: intervals-mcp holds each key to the API's 10 requests/s, as for one person.
    const moreApiKeys = Array.from({ length: 255 }, (_, index) => `soak-intervals-key-${index}`);
    const fake = await startFakeIntervals({ seed: 5, days: 120, moreApiKeys });
    return {
      fake,
      credentials: [fake.apiKey, ...moreApiKeys],
      setFault: (fault) => fake.setFault(fault),
    };
  }
  const { startFakePolar } = await import("../packages/polar-metrics/dist/testing/index.js");
  const fake = await startFakePolar({ seed: 5 });
  return {
    fake,
    credentials: [fake.token],
    setFault: ({ route, ...fault }) => fake.setFault(route, fault),
  };
}

const { fake, credentials, setFault } = await start();
process.on("message", async (message) => {
  if (message.fault) setFault(message.fault);
  if (message.clear) fake.clearFaults();
  if (message.count) process.send({ requests: fake.requests.length });
  if (message.arrivals)
    process.send({ arrivals: fake.requests.map((request) => [request.route, request.at]) });
  if (message.stop) {
    await fake.close();
    process.exit(0);
  }
});
process.send({ url: fake.url, credentials });
